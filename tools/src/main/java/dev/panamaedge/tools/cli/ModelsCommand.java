package dev.panamaedge.tools.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edge models}: model management; the work is in its subcommands. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Create and inspect models.",
        subcommands = {ModelsCreateCommand.class, ImportCommand.class, PullCommand.class, DequantizeCommand.class,
            ExportOnnxCommand.class})
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Failures.EXIT_USAGE;
    }
}
