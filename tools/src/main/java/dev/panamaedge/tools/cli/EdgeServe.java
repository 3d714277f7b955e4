package dev.panamaedge.tools.cli;

import picocli.CommandLine;

/**
 * The distribution's entry point ({@code bin/edge-serve}): {@code edge serve} alone, so the distribution carries
 * only the jars serving needs (no JMH, no load generator's Netty). Same options, output and exit codes as
 * {@code edge serve}.
 */
public final class EdgeServe {
    private EdgeServe() {
    }

    public static void main(String[] args) {
        java.util.logging.Logger.getLogger("").setLevel(
                java.util.logging.Level.parse(System.getProperty("edge.log", "WARNING").toUpperCase(java.util.Locale.ROOT)));
        var commandLine = new CommandLine(new ServeCommand()).setCommandName("edge-serve");
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("edge-serve: error: " + Failures.describe(e));
            return Failures.EXIT_FAILED;
        });
        System.exit(commandLine.execute(args));
    }
}
