package dev.panamaedge.tools.bench;

/**
 * One inference on a prepared input: the single method every engine under comparison is put behind, so
 * one JMH benchmark measures them side by side (STYLE §2.10).
 */
@FunctionalInterface
interface Inference {
    /** Runs once and returns the output for JMH to consume. */
    Object infer();
}
