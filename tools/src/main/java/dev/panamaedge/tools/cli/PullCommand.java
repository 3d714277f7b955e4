package dev.panamaedge.tools.cli;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.tools.quant.KnownModel;
import dev.panamaedge.tools.quant.ModelPuller;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edge models pull NAME [--from FILE]}: a pinned public model, checksum-verified, into the model store as
 * the fast INT8 model and, for comparison, as imported.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Download a known pretrained model (pinned commit and sha256) or take a local copy, verify it"
                + " and put it into the model store twice:",
                "  NAME              the INT8 model OpenVINO runs with its int8 kernels: the quantized model's own"
                        + " activation ranges (no calibration images), per-channel symmetric int8 weights as"
                        + " `edge quantize` writes them, u8 image input, f32 probabilities out",
                "  NAME" + KnownModel.AS_IMPORTED_SUFFIX + "  the model exactly as ovc imports it (runs mostly in"
                        + " float; u8 probability codes out), to compare against"})
final class PullCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "known model: ${COMPLETION-CANDIDATES}",
            completionCandidates = Names.class)
    String name;

    @Option(names = "--from", paramLabel = "FILE", description = "local copy: the model file (labels beside it) or a"
            + " directory holding both; no download")
    Path from;

    @Option(names = "--force", description = "replace the model if the store already has it")
    boolean force;

    @Spec
    CommandSpec spec;

    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return KnownModel.names().iterator();
        }
    }

    @Override
    public Integer call() {
        return Failures.guard(spec, () -> {
            try {
                var pulled = ModelPuller.pull(name, Optional.ofNullable(from), ModelStore.fromEnvironment(), force,
                        spec.commandLine().getErr());
                spec.commandLine().getOut().printf("%s -> %s (int8; sha256 %s)%n", pulled.model().metadata().name(),
                        pulled.model().modelXml(), pulled.model().metadata().provenance().sha256());
                spec.commandLine().getOut().printf("%s -> %s (as imported by ovc)%n",
                        pulled.asImported().metadata().name(), pulled.asImported().modelXml());
                spec.commandLine().getOut().flush();
                return Failures.EXIT_OK;
            } catch (IllegalArgumentException e) {
                // Our libraries throw it for what the user can fix: occupied --out, unknown name, empty folder.
                throw e instanceof dev.panamaedge.runtime.image.ImageDecodeException ? e : new UsageException(e.getMessage());
            }
        });
    }
}
