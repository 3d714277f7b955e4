package dev.panamaedge.runtime.reference;

import dev.panamaedge.runtime.TensorSpec;

/** A model input or output: its public spec and the plan value that holds it. */
record Binding(TensorSpec spec, int value) {
}
