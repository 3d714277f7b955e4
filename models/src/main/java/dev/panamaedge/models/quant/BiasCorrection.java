package dev.panamaedge.models.quant;

import dev.panamaedge.models.ir.Edge;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.Layer;
import java.util.List;

/**
 * Bias correction, as NNCF's fast bias correction does it: quantizing a layer's weights and its input moves
 * the mean of each output channel, and the move is predictable from calibration statistics, so it is
 * subtracted back through the layer's bias.
 *
 * <p>For output channel {@code o}, with float weights {@code W}, int8 weights {@code Wq} (dequantized) and
 * per-input-channel means {@code m} of the float input and {@code mq} of the FakeQuantized input:
 * {@code shift[o] = Σ_{i,k} (W[o,i,k]·m[i] − Wq[o,i,k]·mq[i])}, the exact mean shift of a linear layer when
 * every kernel tap sees the channel mean (true for 1×1 convolutions and MatMul, and away from the zero
 * padding for larger kernels). Depthwise layers, with nine weights per channel, gain the most: their rounding
 * errors do not average out.
 */
final class BiasCorrection {
    private BiasCorrection() {
    }

    /**
     * The per-output-channel mean shift to add to the bias, or {@code null} when the means do not fit the
     * weights' input channels.
     *
     * @param w  float weights, flat, of shape {@code dims}
     * @param wq the dequantized int8 weights, same layout
     */
    static double[] shift(String type, boolean transposeB, long[] dims, double[] w, double[] wq,
                          ChannelMeans.Means m) {
        int n = w.length;
        int outs;
        int ins;
        int[] out = new int[n];
        int[] in = new int[n];
        switch (type) {
            case "Convolution" -> {
                outs = (int) dims[0];
                ins = (int) dims[1];
                int k = n / (outs * ins);
                for (int j = 0; j < n; j++) {
                    out[j] = j / (ins * k);
                    in[j] = (j / k) % ins;
                }
            }
            case "GroupConvolution" -> {
                int groups = (int) dims[0];
                int og = (int) dims[1];
                int ig = (int) dims[2];
                outs = groups * og;
                ins = groups * ig;
                int k = n / (groups * og * ig);
                for (int j = 0; j < n; j++) {
                    int g = j / (og * ig * k);
                    out[j] = g * og + (j / (ig * k)) % og;
                    in[j] = g * ig + (j / k) % ig;
                }
            }
            default -> {
                if (dims.length != 2) {
                    return null;
                }
                ins = (int) dims[transposeB ? 1 : 0];
                outs = (int) dims[transposeB ? 0 : 1];
                for (int j = 0; j < n; j++) {
                    out[j] = transposeB ? j / ins : j % outs;
                    in[j] = transposeB ? j % ins : j / outs;
                }
            }
        }
        if (m.fp32().length != ins) {
            return null;
        }
        double[] shift = new double[outs];
        for (int j = 0; j < n; j++) {
            shift[out[j]] += w[j] * m.fp32()[in[j]] - wq[j] * m.quantized()[in[j]];
        }
        return shift;
    }

    /**
     * Adds {@code shift} to the constant of the {@code Add} that follows {@code layerId}, the bias every
     * convolution of an imported model carries.
     *
     * @return false when the layer has no such bias (nothing changed)
     */
    static boolean fold(GraphEditor g, int layerId, double[] shift) {
        List<Edge> consumers = g.consumers(layerId);
        if (consumers.size() != 1) {
            return false;
        }
        Layer add = g.layer(consumers.getFirst().toLayer());
        if (!add.type().equals("Add")) {
            return false;
        }
        int constIndex = add.input(0).id() == consumers.getFirst().toPort() ? 1 : 0;
        Edge biasEdge = g.input(add.id(), constIndex);
        if (!g.isConstant(biasEdge.fromLayer())) {
            return false;
        }
        ConstantTensor bias = ConstantFolder.convert(g.constant(biasEdge.fromLayer()), ElementType.F32);
        if (bias.size() != shift.length) {
            return false;
        }
        double[] v = new double[shift.length];
        for (int c = 0; c < v.length; c++) {
            v[c] = (float) (bias.values()[c] + shift[c]);
        }
        int corrected = g.addConstant(g.layer(biasEdge.fromLayer()).name() + "/corrected",
                new ConstantTensor(ElementType.F32, bias.dims(), v));
        int old = biasEdge.fromLayer();
        g.connect(corrected, 0, add.id(), add.input(constIndex).id());
        if (g.consumers(old).isEmpty()) {
            g.remove(old);
        }
        return true;
    }
}
