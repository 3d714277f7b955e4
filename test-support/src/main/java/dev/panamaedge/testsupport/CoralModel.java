package dev.panamaedge.testsupport;

import java.nio.file.Path;

/**
 * Coral's quantized MobileNetV2 files in {@code ../shared/models/coral} (found through {@link SharedData}):
 * the uint8 TFLite model the tests convert, import and run, its TF2 post-training-quantized sibling, and the
 * ImageNet labels.
 */
public final class CoralModel {
    /** File name of the uint8 MobileNetV2 1.0/224 model. */
    public static final String MOBILENET_V2_QUANT = "mobilenet_v2_1.0_224_quant.tflite";
    /** File name of the TF2 post-training-quantized MobileNetV2 1.0/224 model. */
    public static final String TF2_MOBILENET_V2_PTQ = "tf2_mobilenet_v2_1.0_224_ptq.tflite";
    /** File name of the labels, one a line, in the models' output order. */
    public static final String LABELS = "imagenet_labels.txt";

    private CoralModel() {
    }

    /**
     * The directory {@code ../shared/models/coral}.
     *
     * @return its absolute path
     */
    public static Path directory() {
        return SharedData.path("models/coral");
    }

    /**
     * One file of the directory by name; a name that is not there fails the calling test.
     *
     * @param name a file name such as {@link #MOBILENET_V2_QUANT}
     * @return its absolute path
     */
    public static Path file(String name) {
        return SharedData.path("models/coral/" + name);
    }

    /**
     * The uint8 MobileNetV2 1.0/224 TFLite model ({@link #MOBILENET_V2_QUANT}).
     *
     * @return its absolute path
     */
    public static Path mobilenetV2Quant() {
        return file(MOBILENET_V2_QUANT);
    }

    /**
     * The ImageNet labels ({@link #LABELS}).
     *
     * @return its absolute path
     */
    public static Path labels() {
        return file(LABELS);
    }
}
