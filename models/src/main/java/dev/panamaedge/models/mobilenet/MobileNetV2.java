package dev.panamaedge.models.mobilenet;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.GraphBuilder;
import dev.panamaedge.models.ir.IrModel;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Builds the MobileNetV2 inference graph (Sandler et al. 2018, Table 2) with deterministic seeded weights.
 *
 * <p>Graph: Parameter {@code input} f32 {@code [1, 3, R, R]} (NCHW, torchvision preprocessing) → stem
 * 3x3/2 conv → 17 inverted residual blocks (1x1 expand, omitted when t = 1; 3x3 depthwise GroupConvolution;
 * linear 1x1 projection; residual Add when stride 1 and channels match) → 1x1 conv to the last width →
 * ReduceMean over H, W → Reshape {@code [1, last]} → MatMul with {@code [classes, last]} (transpose_b) + bias
 * → Result {@code logits}. No softmax. Every conv is followed by its folded BatchNorm (an Add of a
 * {@code [1, C, 1, 1]} bias) and, except projections, ReLU6 as {@code Clamp(0, 6)}. Layer names are
 * torchvision's module paths ({@code features.2.conv.1.0} is block 2's depthwise conv), and each op's
 * output tensor carries its layer name, so per-layer reports and tensor lookups read naturally.
 *
 * <p>Weights: "realistic" means the network behaves like a trained one numerically, so that comparing two
 * engines on it is meaningful. {@link ConvUnit} measures every BatchNorm's statistics on a batch of
 * {@value #CALIBRATION_IMAGES} photo-like {@link SyntheticImages} pushed through the network built so far,
 * so each normalizes its input exactly; γ ∈ [0.8, 1.2) and β ~ N(0, 0.1²), except projections that feed a
 * residual sum, whose γ ∈ [0.3, 0.6) keeps the sums from growing block after block. The classifier is
 * centred and scaled on the same batch: {@code W ~ N(0, σ²)} with σ chosen so the logits of the
 * calibration images have a standard deviation of {@value #TARGET_LOGIT_STD} across classes, and the bias
 * removes {@code W · mean(pooled)} plus a small N(0, 0.1²) class prior. Without centring, the shared
 * mean of the pooled features dominates and every input gets the same top-1. On photo-like inputs logits
 * therefore spread by a few units and top-1 changes with the input.
 *
 * <p>Everything derives from {@code seed} through {@link SplittableRandom} splits in a fixed order, with
 * {@link StrictMath} for transcendental functions and per-image sequential arithmetic, so a (spec, seed)
 * pair gives bit-identical weights on every machine and run.
 */
public final class MobileNetV2 {
    /** Bump when the generated weights or graph change, so cached models are rebuilt (see ModelStore). */
    public static final int GENERATOR_VERSION = 2;
    static final int CALIBRATION_IMAGES = 8;
    static final double TARGET_LOGIT_STD = 3.0;
    private static final double[] GAMMA = {0.8, 1.2};
    private static final double[] GAMMA_RESIDUAL = {0.3, 0.6};
    private static final double BIAS_STD = 0.1;

    private MobileNetV2() {
    }

    /** The model name used for the graph and the model store: {@code mobilenet_v2_1.0_224_1000_s42}. */
    public static String modelName(MobileNetV2Spec spec, long seed) {
        return "mobilenet_v2_" + spec.widthMultiplier() + "_" + spec.resolution() + "_" + spec.classes() + "_s" + seed;
    }

    /** Builds the graph with weights derived from {@code seed} (about 1 s for 1.0 / 224 on two cores). */
    public static IrModel build(MobileNetV2Spec spec, long seed) {
        Objects.requireNonNull(spec, "spec");
        SplittableRandom root = new SplittableRandom(seed);
        int r = spec.resolution();
        GraphBuilder g = new GraphBuilder(modelName(spec, seed));
        g.runtimeInfo("panama_edge/generator", "MobileNetV2 v" + GENERATOR_VERSION)
                .runtimeInfo("panama_edge/seed", Long.toString(seed))
                .runtimeInfo("panama_edge/width_multiplier", Double.toString(spec.widthMultiplier()))
                .runtimeInfo("panama_edge/resolution", Integer.toString(r))
                .runtimeInfo("panama_edge/classes", Integer.toString(spec.classes()));
        GraphBuilder.Output input = g.parameter("input", ElementType.F32, 1, 3, r, r);
        Activations batch = SyntheticImages.batch(root.split(), CALIBRATION_IMAGES, r);

        // Table 2, row 1: conv2d 3x3, stride 2 (torchvision features.0).
        ConvUnit.Result x = ConvUnit.add(g, root.split(), ConvUnit.Kind.DENSE_3X3, "features.0.0", "features.0.1",
                Optional.of("features.0.2"), spec.firstChannels(), 2, GAMMA, input, batch);
        for (Bottleneck b : spec.blocks()) {
            x = bottleneck(g, root, b, x);
        }
        // Table 2: conv2d 1x1 to 1280 (features.18), then avgpool 7x7 and the classifier.
        String last = "features." + (spec.blocks().size() + 1);
        x = ConvUnit.add(g, root.split(), ConvUnit.Kind.POINTWISE, last + ".0", last + ".1", Optional.of(last + ".2"),
                spec.lastChannels(), 1, GAMMA, x.output(), x.activations());
        GraphBuilder.Output pooled = g.withNames(g.reduceMean("avgpool", x.output(), new long[] {2, 3}, true),
                "avgpool");
        // -1, not 1: the batch is inferred, so the IR (written at batch 1) reshapes to any batch (v2).
        GraphBuilder.Output flat = g.withNames(g.reshape("flatten", pooled, new long[] {-1, spec.lastChannels()},
                false), "flatten");
        classifier(g, root.split(), spec, flat, x.activations().meanPool());
        return g.build();
    }

    /** Inverted residual block {@code features.i}: module names as in torchvision's InvertedResidual. */
    private static ConvUnit.Result bottleneck(GraphBuilder g, SplittableRandom root, Bottleneck b,
                                              ConvUnit.Result in) {
        String p = "features." + b.index() + ".conv.";
        int k = 0;
        ConvUnit.Result h = in;
        if (b.hasExpansion()) {
            h = ConvUnit.add(g, root.split(), ConvUnit.Kind.POINTWISE, p + k + ".0", p + k + ".1",
                    Optional.of(p + k + ".2"), b.hiddenChannels(), 1, GAMMA, h.output(), h.activations());
            k++;
        }
        h = ConvUnit.add(g, root.split(), ConvUnit.Kind.DEPTHWISE_3X3, p + k + ".0", p + k + ".1",
                Optional.of(p + k + ".2"), b.hiddenChannels(), b.stride(), GAMMA, h.output(), h.activations());
        k++;
        ConvUnit.Result projected = ConvUnit.add(g, root.split(), ConvUnit.Kind.POINTWISE, p + k, p + (k + 1),
                Optional.empty(), b.outChannels(), 1, b.hasResidual() ? GAMMA_RESIDUAL : GAMMA, h.output(),
                h.activations());
        if (!b.hasResidual()) {
            return projected;
        }
        String name = "features." + b.index() + ".add";
        GraphBuilder.Output sum = g.withNames(g.add(name, in.output(), projected.output()), name);
        return new ConvUnit.Result(sum, in.activations().plus(projected.activations()));
    }

    /** torchvision's classifier.1 Linear as MatMul(transpose_b) + Add, centred and scaled as the class comment says. */
    private static void classifier(GraphBuilder g, SplittableRandom random, MobileNetV2Spec spec,
                                   GraphBuilder.Output features, double[][] pooled) {
        int last = spec.lastChannels();
        int classes = spec.classes();
        double[] mean = new double[last];
        for (double[] p : pooled) {
            for (int c = 0; c < last; c++) {
                mean[c] += p[c] / pooled.length;
            }
        }
        double squaredDistance = 0;
        for (double[] p : pooled) {
            for (int c = 0; c < last; c++) {
                squaredDistance += (p[c] - mean[c]) * (p[c] - mean[c]) / pooled.length;
            }
        }
        double sigma = TARGET_LOGIT_STD / Math.max(Math.sqrt(squaredDistance), 1e-6);
        float[] weights = new float[classes * last];
        float[] bias = new float[classes];
        for (int k = 0; k < classes; k++) {
            double centre = 0;
            for (int c = 0; c < last; c++) {
                float w = (float) (sigma * SyntheticImages.gaussian(random));
                weights[k * last + c] = w;
                centre += w * mean[c];
            }
            bias[k] = (float) (BIAS_STD * SyntheticImages.gaussian(random) - centre);
        }
        GraphBuilder.Output w = g.constant("classifier.1.weight", ElementType.F32, new long[] {classes, last}, weights);
        GraphBuilder.Output matMul = g.withNames(g.matMul("classifier.1", features, w, false, true), "classifier.1");
        GraphBuilder.Output b = g.constant("classifier.1.bias", ElementType.F32, new long[] {1, classes}, bias);
        GraphBuilder.Output logits = g.withNames(g.add("classifier.1.add", matMul, b), "logits");
        g.result("logits", logits);
    }
}
