package dev.panamaedge.tools.onnx;

import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Locale;

/**
 * ONNX Runtime session settings, as {@code edge bench} exposes them. The defaults are ONNX Runtime's best for
 * one image at a time on a small CPU: every core on the one inference (intra-op), one inter-op thread with
 * sequential execution (MobileNetV2 is a chain, so there is nothing to run side by side), every graph
 * optimisation (constant folding, Conv+Add+Clip fusion, NCHWc layouts).
 *
 * @param intraOpThreads threads inside one op; 0 lets ONNX Runtime pick (its default: the physical cores)
 * @param interOpThreads threads across independent ops (only used by {@link ExecutionMode#PARALLEL})
 * @param optimization   graph optimisation level
 * @param executionMode  sequential or parallel execution of the graph's nodes
 */
public record OrtSettings(int intraOpThreads, int interOpThreads, OptLevel optimization, ExecutionMode executionMode) {
    public OrtSettings {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0 (0 = ONNX Runtime's choice), got intra "
                    + intraOpThreads + ", inter " + interOpThreads);
        }
        java.util.Objects.requireNonNull(optimization, "optimization");
        java.util.Objects.requireNonNull(executionMode, "executionMode");
    }

    /** The defaults described above, with one intra-op thread per available CPU. */
    public static OrtSettings best() {
        return new OrtSettings(Runtime.getRuntime().availableProcessors(), 1, OptLevel.ALL_OPT, ExecutionMode.SEQUENTIAL);
    }

    /** {@code all}, {@code extended}, {@code layout}, {@code basic} or {@code none}. */
    public static OptLevel optimizationLevel(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "all" -> OptLevel.ALL_OPT;
            case "layout" -> OptLevel.LAYOUT_OPT;
            case "extended" -> OptLevel.EXTENDED_OPT;
            case "basic" -> OptLevel.BASIC_OPT;
            case "none" -> OptLevel.NO_OPT;
            default -> throw new IllegalArgumentException("graph optimisation level must be all, layout, extended,"
                    + " basic or none, got '" + name + "'");
        };
    }

    /** {@code sequential} or {@code parallel}. */
    public static ExecutionMode executionMode(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sequential" -> ExecutionMode.SEQUENTIAL;
            case "parallel" -> ExecutionMode.PARALLEL;
            default -> throw new IllegalArgumentException("execution mode must be sequential or parallel, got '"
                    + name + "'");
        };
    }

    /** One line for reports: {@code intra-op 2, inter-op 1, optimisation all, sequential}. */
    public String describe() {
        String level = switch (optimization) {
            case ALL_OPT -> "all";
            case LAYOUT_OPT -> "layout";
            case EXTENDED_OPT -> "extended";
            case BASIC_OPT -> "basic";
            case NO_OPT -> "none";
        };
        return "intra-op " + intraOpThreads + ", inter-op " + interOpThreads + ", optimisation " + level + ", "
                + executionMode.name().toLowerCase(Locale.ROOT);
    }
}
