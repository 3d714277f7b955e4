package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.testsupport.MissingData;
import dev.panamaedge.testsupport.ProjectVenv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the server tests' Python scripts ({@code server/src/test/python}) with the project venv's interpreter,
 * where the real client libraries are (tritonclient, kserve, openvino), and reads the one JSON document each prints.
 */
final class PythonScripts {
    private PythonScripts() {
    }

    static Path script(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            for (String dir : List.of("server/src/test/python/", "src/test/python/")) {
                Path s = d.resolve(dir + name);
                if (Files.isRegularFile(s)) {
                    return s;
                }
            }
        }
        throw new AssertionError(name + " not found under server/src/test/python");
    }

    /** Runs {@code name} with {@code args}; a failure is the test's, with the script's stderr in the message. */
    static String run(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProjectVenv.tool("python").toString(), script(name).toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(Path.of("target"), "python", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), name + " did not finish");
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0 && stderr.contains("ModuleNotFoundError")) {
                MissingData.skipOrFail(name + " needs a package the venv lacks (tools/python/requirements.txt; ./edge "
                        + "installs it): " + stderr.strip().lines().reduce((a, b) -> b).orElse(""));
            }
            assertEquals(0, p.exitValue(), name + " failed:\n" + stderr);
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** {@link #run}, the output read as JSON. */
    static JsonNode report(String name, String... args) throws Exception {
        return Json.MAPPER.readTree(run(name, args));
    }
}
