package dev.panamaedge.runtime.reference;

/**
 * One run's memory: the plan's buffers, scratch, and for every step the arrays it reads and writes, resolved
 * once so a run allocates nothing. A frame serves one run at a time; the engine pools them.
 */
final class Frame {
    private final float[][] values;
    private final float[][][] stepInputs;
    private final float[][] stepOutputs;
    private final RunContext context;

    Frame(Plan plan, Parallel parallel) {
        float[][] buffers = new float[plan.bufferSizes().length][];
        for (int b = 0; b < buffers.length; b++) {
            buffers[b] = new float[plan.bufferSizes()[b]];
        }
        values = new float[plan.shapes().length][];
        for (int v = 0; v < values.length; v++) {
            values[v] = plan.bufferOf()[v] >= 0 ? buffers[plan.bufferOf()[v]] : plan.constants()[v];
        }
        int n = plan.steps().size();
        stepInputs = new float[n][][];
        stepOutputs = new float[n][];
        for (int s = 0; s < n; s++) {
            Step step = plan.steps().get(s);
            stepInputs[s] = new float[step.inputs().length][];
            for (int i = 0; i < step.inputs().length; i++) {
                stepInputs[s][i] = values[step.inputs()[i]];
            }
            stepOutputs[s] = values[step.output()];
        }
        context = new RunContext(parallel, new float[plan.scratchSize()]);
    }

    /** The array holding value {@code v} (a constant's shared array or this frame's buffer). */
    float[] value(int v) {
        return values[v];
    }

    void execute(Plan plan, int step) {
        plan.steps().get(step).op().execute(stepInputs[step], stepOutputs[step], context);
    }
}
