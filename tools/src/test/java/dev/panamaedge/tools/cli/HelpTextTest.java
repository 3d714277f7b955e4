package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders as written: picocli formats each description line with {@link String#format}, so
 * a bare {@code %} (as in "99 % top-1") made it print a warning on stderr and the line unformatted.
 */
final class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        List<CommandLine> commands = new ArrayList<>();
        collect(new CommandLine(new EdgeCommand()), commands);
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        StringWriter help = new StringWriter();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (CommandLine command : commands) {
                command.usage(new PrintWriter(help, true));
            }
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", warnings.toString(StandardCharsets.UTF_8));
        assertTrue(commands.size() >= 10, "walked the subcommands: " + commands.size());
        assertTrue(help.toString().contains("top-1 >= 99 % (ties count)"), "a percent sign is printed as one");
    }

    private static void collect(CommandLine line, List<CommandLine> into) {
        into.add(line);
        line.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
