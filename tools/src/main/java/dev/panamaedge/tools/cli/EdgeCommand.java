package dev.panamaedge.tools.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code edge} command: runs MobileNetV2 through OpenVINO (FFM) and checks it against the pure-Java
 * reference engine. Started by the {@code ./edge} launcher, which supplies the JVM flags and the
 * {@code edge.project.dir} / {@code edge.model.store} properties.
 */
@Command(name = "edge", mixinStandardHelpOptions = true, versionProvider = EdgeVersion.class,
        description = "panama-edge: MobileNetV2 on OpenVINO through Java's FFM API, checked against a pure-Java"
                + " reference engine.",
        subcommands = {ModelsCommand.class, ClassifyCommand.class, ValidateCommand.class, BenchCommand.class,
                ServeCommand.class, LoadtestCommand.class, DistCommand.class, QuantizeCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a check failed (validate out of tolerance) or the run failed",
                "2:usage error: bad options, or a missing or unreadable model or image"},
        footer = {"", "Without --model, commands use the embedded default MobileNetV2 (1.0, 224 px, 1000 classes,"
                + " seeded weights), created in the model store on first use."})
public final class EdgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // Library modules log events through System.Logger (JUL here); a CLI run shows their warnings only,
        // unless -Dedge.log=info (or finer) asks for the load/compile events too.
        java.util.logging.Logger.getLogger("").setLevel(
                java.util.logging.Level.parse(System.getProperty("edge.log", "WARNING").toUpperCase(java.util.Locale.ROOT)));
        var commandLine = new CommandLine(new EdgeCommand());
        // Subcommands translate their own failures (Failures.guard); this is the net for anything else.
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("edge: error: " + Failures.describe(e));
            return Failures.EXIT_FAILED;
        });
        System.exit(commandLine.execute(args));
    }

    /** {@code edge} alone: print the usage and report a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Failures.EXIT_USAGE;
    }
}
