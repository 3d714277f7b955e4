package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;

/**
 * One IR operation bound at load time to its input shapes and constant inputs.
 *
 * <p>Implementations are immutable and shared by every concurrent run; per-run memory (inputs, output,
 * scratch) comes in through {@link #execute}. {@code execute} must write every element of {@code output}:
 * output buffers are reused across layers and runs and hold stale values.
 */
interface Op {

    long[] outputShape();

    ElementType outputType();

    /** Floats of scratch space {@link #execute} needs in {@link RunContext#scratch()}. */
    default int scratchFloats() {
        return 0;
    }

    /**
     * @param inputs one array per IR input, in port order (constants included), each holding the full tensor
     * @param output the output tensor, exactly {@code count(outputShape())} elements long or longer
     */
    void execute(float[][] inputs, float[] output, RunContext ctx);
}
