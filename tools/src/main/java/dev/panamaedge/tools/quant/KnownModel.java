package dev.panamaedge.tools.quant;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model {@code edge models pull} knows: its files at a pinned commit, each with its SHA-256 and size.
 *
 * @param name        the model store directory name and the argument of {@code pull}
 * @param description one line for listings
 * @param model       the model file to import
 * @param labels      the label file
 */
public record KnownModel(String name, String description, RemoteFile model, RemoteFile labels) {
    /** What a store name ends with for the model as {@code ovc} imports it (pull's other model is the INT8 one). */
    public static final String AS_IMPORTED_SUFFIX = "_as_imported";

    /** The store name of the model as {@code ovc} imports it, kept beside the INT8 model for comparison. */
    public String asImportedName() {
        return name + AS_IMPORTED_SUFFIX;
    }

    /** One file at a pinned URL. */
    public record RemoteFile(String fileName, URI uri, String sha256, long size) {
    }

    /** google-coral/test_data at this commit; the repository's files never change under a commit id. */
    static final String CORAL_COMMIT = "104342d2d3480b3e66203073dac24f4e2dbb4c41";

    private static RemoteFile coral(String file, String sha256, long size) {
        return new RemoteFile(file, URI.create("https://github.com/google-coral/test_data/raw/" + CORAL_COMMIT + "/" + file),
                sha256, size);
    }

    static final Map<String, KnownModel> ALL = Map.of(
            "mobilenet_v2_imagenet", new KnownModel("mobilenet_v2_imagenet",
                    "MobileNetV2 1.0/224 ImageNet, quantization-aware trained, uint8 TFLite (google-coral/test_data)",
                    coral("mobilenet_v2_1.0_224_quant.tflite",
                            "7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776", 3_610_798),
                    coral("imagenet_labels.txt",
                            "b8aaeb5630c62626a7d124a05c0e14230a7ffdd2136a31d0190a4fb71c1d82f1", 21_686)),
            "mobilenet_v2_imagenet_tf2_ptq", new KnownModel("mobilenet_v2_imagenet_tf2_ptq",
                    "MobileNetV2 1.0/224 ImageNet, TF2 full-integer post-training quantized TFLite (google-coral/test_data)",
                    coral("tf2_mobilenet_v2_1.0_224_ptq.tflite",
                            "5d3137241276e79c86d14a74fe43581398ae0e815191d3dba45495b810840e8c", 4_070_174),
                    coral("imagenet_labels.txt",
                            "b8aaeb5630c62626a7d124a05c0e14230a7ffdd2136a31d0190a4fb71c1d82f1", 21_686)));

    public static Optional<KnownModel> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    public static List<String> names() {
        return ALL.keySet().stream().sorted().toList();
    }
}
