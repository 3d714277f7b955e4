package dev.panamaedge.tools.cli;

import dev.panamaedge.tools.quant.ModelImporter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edge models import FILE --out DIR}: TFLite, ONNX or IR into a model directory with metadata. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Convert a TFLite or ONNX model (with ovc from the project venv) or copy an IR into a model"
                + " directory: model.xml, model.bin and metadata.json (preprocessing, labels, provenance).")
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a .tflite, .onnx or IR .xml file")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "new model directory (must not exist or be empty)")
    Path out;

    @Option(names = "--labels", paramLabel = "FILE", description = "label file, one label per line")
    Path labels;

    @Option(names = "--name", paramLabel = "NAME", description = "model name for the sidecar (default: file name)")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            try {
                var imported = ModelImporter.importModel(file, out, new ModelImporter.Options(Optional.ofNullable(labels),
                        Optional.ofNullable(name), Optional.empty()));
                var m = imported.metadata();
                spec.commandLine().getOut().printf("imported %s (%s) -> %s%n  input %s%n  output %s%s, %d labels, label offset %d%n",
                        file, imported.format().name().toLowerCase(java.util.Locale.ROOT), imported.modelXml(),
                        m.preprocessing(), m.outputKind(), m.outputQuantization()
                                .map(q -> " (codes: scale " + q.scale() + ", zero point " + q.zeroPoint() + ")")
                                .orElse(""), m.labels().size(), m.labelOffset());
                spec.commandLine().getOut().flush();
                return Failures.EXIT_OK;
            } catch (IllegalArgumentException e) {
                // Our libraries throw it for what the user can fix: occupied --out, unknown name, empty folder.
                throw e instanceof dev.panamaedge.runtime.image.ImageDecodeException ? e : new UsageException(e.getMessage());
            }
        });
    }
}
