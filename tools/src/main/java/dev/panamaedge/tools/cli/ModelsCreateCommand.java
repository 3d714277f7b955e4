package dev.panamaedge.tools.cli;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.StagedDirectory;
import dev.panamaedge.models.ir.ModelMetadataFile;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edge models create mobilenet_v2}: writes a seeded MobileNetV2 as OpenVINO IR ({@code model.xml},
 * {@code model.bin}) plus its {@code metadata.json} into a directory, ready for {@code --model DIR}.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a seeded MobileNetV2 (IR + metadata.json) in a directory.")
final class ModelsCreateCommand implements Callable<Integer> {
    static final String MOBILENET_V2 = "mobilenet_v2";

    @Parameters(index = "0", paramLabel = "ARCHITECTURE", description = "mobilenet_v2")
    String architecture;

    @Option(names = "--width", paramLabel = "ALPHA", defaultValue = "1.0",
            description = "width multiplier, one of 0.35, 0.5, 0.75, 1.0, 1.3, 1.4 (default: ${DEFAULT-VALUE})")
    double width;

    @Option(names = "--resolution", paramLabel = "PX", defaultValue = "224",
            description = "input height and width in pixels (default: ${DEFAULT-VALUE})")
    int resolution;

    @Option(names = "--classes", paramLabel = "N", defaultValue = "1000",
            description = "output classes (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "seed the weights derive from (default: ${DEFAULT-VALUE}, the embedded model's)")
    long seed;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "text file with one label per class (default: class_0 … class_{N-1})")
    Path labels;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "directory to write model.xml, model.bin and metadata.json into")
    Path out;

    @Option(names = "--force", description = "replace a model already in DIR")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> create(checkedSpec()));
    }

    private MobileNetV2Spec checkedSpec() {
        if (!architecture.toLowerCase(Locale.ROOT).equals(MOBILENET_V2)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown architecture '" + architecture + "'; supported: " + MOBILENET_V2);
        }
        MobileNetV2Spec modelSpec;
        try {
            modelSpec = new MobileNetV2Spec(width, resolution, classes);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return modelSpec;
    }

    private int create(MobileNetV2Spec modelSpec) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<String> names = labels == null ? List.of() : readLabels(labels, modelSpec.classes());
        Path dir = out.toAbsolutePath().normalize();
        List<String> files = List.of(ModelStore.MODEL_XML, ModelStore.MODEL_BIN, ModelMetadataFile.FILE_NAME);
        for (String f : files) {
            if (Files.exists(dir.resolve(f)) && !force) {
                throw new FileAlreadyExistsException(dir.resolve(f).toString(), null, "use --force to replace it");
            }
        }
        Files.createDirectories(dir);
        err.printf(Locale.ROOT, "models create: building MobileNetV2 %s/%d/%d, seed %d ...%n", modelSpec.widthMultiplier(),
                modelSpec.resolution(), modelSpec.classes(), seed);
        err.flush();
        // Build through a private store inside DIR (the store writes atomically), then move the files up.
        Path staging = Files.createTempDirectory(dir, ".edge-create-");
        try {
            Path xml = new ModelStore(staging).ensureMobileNetV2(modelSpec, seed, names);
            for (String f : files) {
                Files.move(xml.resolveSibling(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            StagedDirectory.deleteTree(staging);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println(dir.resolve(ModelStore.MODEL_XML));
        o.printf(Locale.ROOT, "  MobileNetV2 width %s, %d px, %d classes, seed %d: %,d parameters, %,d multiply-adds%n",
                modelSpec.widthMultiplier(), modelSpec.resolution(), modelSpec.classes(), seed,
                modelSpec.parameterCount(), modelSpec.multiplyAdds());
        o.flush();
        return Failures.EXIT_OK;
    }

    private static List<String> readLabels(Path file, int classes) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
        if (lines.size() != classes) {
            throw new UsageException(file + " has " + lines.size() + " labels, the model " + classes + " classes");
        }
        return lines;
    }
}
