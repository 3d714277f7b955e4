package dev.panamaedge.models.mobilenet;

import java.util.ArrayList;
import java.util.List;

/**
 * Which MobileNetV2 to build: width multiplier α, input resolution and class count.
 *
 * <p>The channel plan is torchvision's ({@code torchvision/models/mobilenetv2.py}): every stage width is
 * {@code _make_divisible(c·α, 8)}, the stem is {@code _make_divisible(32·α, 8)} and the last 1x1 conv has
 * {@code _make_divisible(1280·max(1, α), 8)} channels, so torchvision weights fit layer for layer.
 * Counts follow torchvision too: parameters are conv weights, BatchNorm γ and β, classifier weight and
 * bias (running statistics are buffers, not parameters); multiply-adds count convolutions and the
 * classifier, as the paper's Table 3 does.
 *
 * @param widthMultiplier α, one of 0.35, 0.5, 0.75, 1.0, 1.3, 1.4 (the paper's variants)
 * @param resolution      input height and width: a multiple of 32 (the network downsamples 32×), 32 … 2048
 * @param classes         number of output classes, 1 … 100000
 */
public record MobileNetV2Spec(double widthMultiplier, int resolution, int classes) {
    /** α values of the paper (section 6.1) and torchvision's pretrained variants. */
    public static final List<Double> WIDTH_MULTIPLIERS = List.of(0.35, 0.5, 0.75, 1.0, 1.3, 1.4);
    public static final int MAX_RESOLUTION = 2048;
    public static final int MAX_CLASSES = 100_000;

    /** Table 2 of the paper: expansion t, output channels c, repeats n, first stride s. */
    private static final int[][] TABLE_2 = {
            {1, 16, 1, 1},
            {6, 24, 2, 2},
            {6, 32, 3, 2},
            {6, 64, 4, 2},
            {6, 96, 3, 1},
            {6, 160, 3, 2},
            {6, 320, 1, 1},
    };

    public MobileNetV2Spec {
        if (!WIDTH_MULTIPLIERS.contains(widthMultiplier)) {
            throw new IllegalArgumentException("width multiplier " + widthMultiplier + " is not one of "
                    + WIDTH_MULTIPLIERS);
        }
        if (resolution < 32 || resolution % 32 != 0 || resolution > MAX_RESOLUTION) {
            throw new IllegalArgumentException("resolution " + resolution + " must be a multiple of 32 between 32 and "
                    + MAX_RESOLUTION);
        }
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("classes " + classes + " must be between 1 and " + MAX_CLASSES);
        }
    }

    /** torchvision's {@code _make_divisible(v, 8)}: nearest multiple of 8, never more than 10% below {@code v}. */
    static int makeDivisible(double v) {
        int divisor = 8;
        int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * v ? rounded + divisor : rounded;
    }

    /** Channels of the stem conv ({@code features.0}). */
    public int firstChannels() {
        return makeDivisible(32 * widthMultiplier);
    }

    /** Channels of the last 1x1 conv ({@code features.18}): 1280 for α ≤ 1. */
    public int lastChannels() {
        return makeDivisible(1280 * Math.max(1.0, widthMultiplier));
    }

    /** Output channels of the seven bottleneck stages of Table 2, after width scaling. */
    public List<Integer> stageChannels() {
        List<Integer> channels = new ArrayList<>();
        for (int[] row : TABLE_2) {
            channels.add(makeDivisible(row[1] * widthMultiplier));
        }
        return List.copyOf(channels);
    }

    /** The 17 bottleneck blocks in order, {@code features.1} … {@code features.17}. */
    public List<Bottleneck> blocks() {
        List<Bottleneck> blocks = new ArrayList<>();
        int in = firstChannels();
        int size = resolution / 2;
        int index = 1;
        List<Integer> stages = stageChannels();
        for (int s = 0; s < TABLE_2.length; s++) {
            int t = TABLE_2[s][0];
            for (int i = 0; i < TABLE_2[s][2]; i++) {
                int stride = i == 0 ? TABLE_2[s][3] : 1;
                Bottleneck b = new Bottleneck(index++, t, in, (int) Math.round(in * (double) t), stages.get(s),
                        stride, size);
                blocks.add(b);
                in = b.outChannels();
                size = b.outputSize();
            }
        }
        return List.copyOf(blocks);
    }

    /** Spatial size of the last feature map (resolution / 32). */
    public int finalSize() {
        return resolution / 32;
    }

    /** Trainable parameters as torchvision counts them (3,504,872 for 1.0 / 1000 classes). */
    public long parameterCount() {
        int stem = firstChannels();
        long params = 3L * stem * 9 + 2L * stem;
        for (Bottleneck b : blocks()) {
            if (b.hasExpansion()) {
                params += (long) b.inChannels() * b.hiddenChannels() + 2L * b.hiddenChannels();
            }
            params += 9L * b.hiddenChannels() + 2L * b.hiddenChannels();
            params += (long) b.hiddenChannels() * b.outChannels() + 2L * b.outChannels();
        }
        int penultimate = blocks().getLast().outChannels();
        params += (long) penultimate * lastChannels() + 2L * lastChannels();
        params += (long) lastChannels() * classes + classes;
        return params;
    }

    /** Multiply-adds of one image: convolutions plus the classifier (300,774,272 for 1.0 / 224 / 1000). */
    public long multiplyAdds() {
        int stem = firstChannels();
        long size = resolution / 2;
        long macs = 3L * stem * 9 * size * size;
        for (Bottleneck b : blocks()) {
            long in = b.inputSize();
            long out = b.outputSize();
            if (b.hasExpansion()) {
                macs += (long) b.inChannels() * b.hiddenChannels() * in * in;
            }
            macs += 9L * b.hiddenChannels() * out * out;
            macs += (long) b.hiddenChannels() * b.outChannels() * out * out;
        }
        long fin = finalSize();
        macs += (long) blocks().getLast().outChannels() * lastChannels() * fin * fin;
        macs += (long) lastChannels() * classes;
        return macs;
    }
}
