package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.server.ServerMain;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load test's split of the server's CPU per frame: OpenVINO's threads (found by the name they inherit from
 * the model loader) and the rest, against a real server on OpenVINO, over both protocols.
 */
final class ServerCpuSplitTest {

    @Test
    void openVinosThreadsAreFoundAndTheRestIsReportedAsAShareOfThem() throws Exception {
        try (ServerMain server = SmallModel.serve("engine", "native")) {
            String target = "http://127.0.0.1:" + server.port();
            for (String protocol : List.of("grpc", "http")) {
                Cli r = Cli.run("loadtest", "--target", target, "--model", "small", "--protocol", protocol,
                        "--concurrency", "2", "--duration", "2", "--warmup", "1", "--json");
                assertEquals(0, r.exitCode(), r.err() + r.out());
                JsonNode s = CliJson.MAPPER.readTree(r.out()).get("server");
                assertTrue(s.get("frames").asLong() > 0, r.out());
                double openVino = s.get("openVinoCpuMillis").asDouble();
                double own = s.get("ownCpuMillis").asDouble();
                // The server is this JVM: OpenVINO's inference threads run here and did the work.
                assertTrue(openVino > 0, protocol + ": " + r.out());
                assertTrue(own >= 0, r.out());
                assertEquals(s.get("cpuMillis").asDouble(), openVino + own, 1e-6, r.out());
                assertEquals(own / openVino, s.get("ownOverOpenVino").asDouble(), 1e-9, r.out());
                Cli text = Cli.run("loadtest", "--target", target, "--model", "small", "--protocol", protocol,
                        "--concurrency", "1", "--duration", "1", "--warmup", "0");
                assertTrue(text.out().contains("server CPU per frame: OpenVINO's threads "), text.out());
                assertTrue(text.out().contains(" % of OpenVINO's)"), text.out());
            }
        }
    }
}
