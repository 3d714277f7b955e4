package dev.panamaedge.models.mobilenet;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.GraphBuilder;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One convolution + BatchNorm (+ ReLU6) unit of the generated network, with the BatchNorm folded away.
 *
 * <p>The weights are He-normal with torchvision's {@code kaiming_normal_(mode="fan_out")}. The BatchNorm's
 * running mean and variance are measured: the unit's raw convolution runs on the calibration batch and
 * the per-channel mean and variance of its output become the statistics, so the BatchNorm really
 * normalizes what it sees (as after training, where running statistics track the data). γ and β are then
 * drawn near 1 and near 0, and the pair is folded as an exporter does:
 * {@code w' = w·γ/√(var+ε)}, {@code b' = β − mean·γ/√(var+ε)}, ε = 1e-5 (torchvision's BatchNorm2d).
 * In the graph that is Convolution/GroupConvolution → Add of a {@code [1, C, 1, 1]} bias → optional Clamp.
 */
final class ConvUnit {
    static final double EPSILON = 1e-5;
    private static final double BETA_STD = 0.1;

    enum Kind { DENSE_3X3, DEPTHWISE_3X3, POINTWISE }

    /** The unit's graph output and the calibration batch after it. */
    record Result(GraphBuilder.Output output, Activations activations) {
    }

    private ConvUnit() {
    }

    /**
     * @param convName   layer name of the convolution (torchvision module path, e.g. {@code features.2.conv.1.0})
     * @param bnName     layer name of the folded BatchNorm's bias Add
     * @param reluName   layer name of the ReLU6 Clamp, empty for the linear projection
     * @param gammaRange γ is drawn uniformly from {@code [gammaRange[0], gammaRange[1])}
     */
    static Result add(GraphBuilder g, SplittableRandom random, Kind kind, String convName, String bnName,
                      Optional<String> reluName, int outChannels, int stride, double[] gammaRange,
                      GraphBuilder.Output input, Activations batch) {
        int in = batch.channels();
        int perOutput = switch (kind) {
            case DENSE_3X3 -> in * 9;
            case DEPTHWISE_3X3 -> 9;
            case POINTWISE -> in;
        };
        int fanOut = outChannels * (kind == Kind.POINTWISE ? 1 : 9);
        double std = Math.sqrt(2.0 / fanOut);
        float[] weights = new float[outChannels * perOutput];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (std * SyntheticImages.gaussian(random));
        }
        Activations raw = switch (kind) {
            case DENSE_3X3 -> batch.dense3x3(weights, outChannels, stride);
            case DEPTHWISE_3X3 -> batch.depthwise(weights, stride);
            case POINTWISE -> batch.pointwise(weights, outChannels);
        };
        double[][] moments = raw.channelMoments();
        float[] scale = new float[outChannels];
        float[] shift = new float[outChannels];
        for (int c = 0; c < outChannels; c++) {
            double gamma = random.nextDouble(gammaRange[0], gammaRange[1]);
            double beta = BETA_STD * SyntheticImages.gaussian(random);
            double s = gamma / Math.sqrt(moments[1][c] + EPSILON);
            scale[c] = (float) s;
            shift[c] = (float) (beta - moments[0][c] * s);
        }
        float[] folded = new float[weights.length];
        for (int c = 0; c < outChannels; c++) {
            for (int k = 0; k < perOutput; k++) {
                folded[c * perOutput + k] = weights[c * perOutput + k] * scale[c];
            }
        }
        raw.affineInPlace(scale, shift, reluName.isPresent());

        long[] strides = {stride, stride};
        long[] pads = kind == Kind.POINTWISE ? new long[] {0, 0} : new long[] {1, 1};
        long[] dilations = {1, 1};
        GraphBuilder.Output conv = switch (kind) {
            case DENSE_3X3 -> g.convolution(convName, input, g.constant(convName + ".weight", ElementType.F32,
                    new long[] {outChannels, in, 3, 3}, folded), strides, pads, pads, dilations);
            case DEPTHWISE_3X3 -> g.groupConvolution(convName, input, g.constant(convName + ".weight",
                    ElementType.F32, new long[] {outChannels, 1, 1, 3, 3}, folded), strides, pads, pads, dilations);
            case POINTWISE -> g.convolution(convName, input, g.constant(convName + ".weight", ElementType.F32,
                    new long[] {outChannels, in, 1, 1}, folded), strides, pads, pads, dilations);
        };
        g.withNames(conv, convName);
        GraphBuilder.Output bias = g.constant(bnName + ".bias", ElementType.F32, new long[] {1, outChannels, 1, 1},
                shift);
        GraphBuilder.Output out = g.withNames(g.add(bnName, conv, bias), bnName);
        if (reluName.isPresent()) {
            out = g.withNames(g.clamp(reluName.get(), out, 0, 6), reluName.get());
        }
        return new Result(out, raw);
    }
}
