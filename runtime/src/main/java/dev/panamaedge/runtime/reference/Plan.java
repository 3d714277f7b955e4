package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.ElementType;
import java.util.List;

/**
 * A model compiled for the reference engine: steps in execution order over numbered values, constants
 * folded, and a buffer assignment that lets values with disjoint lifetimes share one array.
 *
 * <p>Immutable and shared by every run; a {@link Frame} holds one run's buffers.
 *
 * @param steps       layers computed per run, in topological order
 * @param shapes      shape of every value
 * @param types       element type of every value
 * @param constants   data of every constant a step or output reads (null for run-time values and for
 *                    constants only other folded layers read)
 * @param bufferOf    buffer id holding each run-time value (-1 for constants)
 * @param bufferSizes floats per buffer
 * @param scratchSize floats of per-run scratch
 * @param inputs      model inputs (Parameters) in model order
 * @param outputs     model outputs (Results) in model order
 * @param layerValues every Parameter and step layer with the value it produces, in execution order
 */
record Plan(List<Step> steps, long[][] shapes, ElementType[] types, float[][] constants, int[] bufferOf,
            int[] bufferSizes, int scratchSize, List<Binding> inputs, List<Binding> outputs,
            List<LayerValue> layerValues) {

    /** A layer's name and the value its first output is. */
    record LayerValue(String layerName, int value) {
    }

    /** Floats one run allocates: all buffers plus scratch. */
    long floatsPerRun() {
        long n = scratchSize;
        for (int s : bufferSizes) {
            n += s;
        }
        return n;
    }
}
