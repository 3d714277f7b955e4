package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code edge serve}'s options reach ServerConfig under their own names, and only the ones given. */
final class ServeCommandFlagsTest {

    @Test
    void givenOptionsBecomeSettingsKeyedByTheirLongName() {
        var command = new ServeCommand();
        new CommandLine(command).parseArgs("--port", "0", "--max-queue-delay", "250", "--shadow-sample-rate", "0.5",
                "--config", "edge.yaml", "--tls-key", "key.pem", "--engine", "reference");
        assertEquals(Map.of("port", "0", "max-queue-delay", "250", "shadow-sample-rate", "0.5",
                "tls-key", Path.of("key.pem").toString(), "engine", "reference"), command.flags());
    }

    @Test
    void noOptionsGivenMeansNoSettings() {
        var command = new ServeCommand();
        new CommandLine(command).parseArgs();
        assertEquals(Map.of(), command.flags());
    }

    @Test
    void everySettingOptionNamesAServerConfigKey() {
        var spec = new CommandLine(new ServeCommand()).getCommandSpec();
        List<String> keys = spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--config"))
                .map(OptionSpec::longestName).map(name -> name.substring(2)).toList();
        assertTrue(keys.containsAll(List.of("model", "repository", "port", "allowed-origins")), keys.toString());
        assertTrue(ServerConfig.KEYS.containsAll(keys), keys + " vs " + ServerConfig.KEYS);
    }
}
