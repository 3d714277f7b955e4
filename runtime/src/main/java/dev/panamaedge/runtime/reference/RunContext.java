package dev.panamaedge.runtime.reference;

/**
 * Per-run execution resources handed to every {@link Op}: the engine's worker pool and a scratch buffer
 * sized to the largest {@link Op#scratchFloats()} in the plan (one per run, so concurrent runs never share it).
 */
record RunContext(Parallel parallel, float[] scratch) {
}
