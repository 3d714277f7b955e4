package dev.panamaedge.runtime.reference;

/**
 * One layer computed at run time: its op, the value ids it reads (in port order) and the value id it writes.
 *
 * @param layerName the IR layer name, what divergence reports print
 * @param layerType the IR op type
 */
record Step(String layerName, String layerType, Op op, int[] inputs, int output) {
}
