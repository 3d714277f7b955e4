package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.server.ServerMain;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The load client's prepared gRPC call, against the real server: checked replies, errors, a server restart. */
final class PreparedInferCallTest {

    private static ModelInferRequest request(String model, TensorSpec input, long extraBytes) {
        ModelInferRequest.InferInputTensor.Builder t = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(input.name()).setDatatype("FP32");
        long bytes = 4;
        for (long d : input.dims()) {
            t.addShape(d);
            bytes *= d;
        }
        return ModelInferRequest.newBuilder().setModelName(model).addInputs(t)
                .addRawInputContents(ByteString.copyFrom(new byte[Math.toIntExact(bytes + extraBytes)])).build();
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static String answer(PreparedInferCall c) throws Exception {
        return c.call().get(60, TimeUnit.SECONDS);
    }

    @Test
    void theSamePreparedRequestIsAnsweredAgainAndAgainAndBadOnesGetTheServersCode() throws Exception {
        try (ServerMain server = SmallModel.serve()) {
            TensorSpec input = server.registry().resolve("small", Optional.empty()).inputs().getFirst();
            ManagedChannel channel = channel(server.port());
            try {
                FailureSamples failures = new FailureSamples();
                PreparedInferCall ok = new PreparedInferCall(channel, request("small", input, 0), Duration.ofMinutes(1),
                        failures);
                for (int i = 0; i < 20; i++) {
                    assertEquals("OK", answer(ok));
                }
                assertEquals("NOT_FOUND", answer(new PreparedInferCall(channel, request("nosuch", input, 0),
                        Duration.ofMinutes(1), failures)));
                assertEquals("INVALID_ARGUMENT", answer(new PreparedInferCall(channel, request("small", input, -4),
                        Duration.ofMinutes(1), failures)));
                // Each failure's first message is the server's own, kept for the report.
                Map<String, String> samples = failures.snapshot();
                assertEquals(List.of("INVALID_ARGUMENT", "NOT_FOUND"), List.copyOf(samples.keySet()), samples.toString());
                assertTrue(samples.get("NOT_FOUND").contains("nosuch"), samples.toString());
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void callsFailWhileTheServerIsDownAndAreAnsweredOnceItIsBack() throws Exception {
        // drain-ms: the stopping server cuts the client's idle connection after 100 ms instead of 30 s.
        ServerMain first = SmallModel.serve("drain-ms", "100");
        int port = first.port();
        ModelInferRequest request = request("small",
                first.registry().resolve("small", Optional.empty()).inputs().getFirst(), 0);
        ServerMain second = null;
        ManagedChannel channel = channel(port);
        try {
            PreparedInferCall c = new PreparedInferCall(channel, request, Duration.ofMinutes(1), new FailureSamples());
            assertEquals("OK", answer(c));
            first.close();
            // A call racing the shutdown ends with whatever the stopping server or the lost connection says; once
            // the channel has seen the connection go, every call fails fast as UNAVAILABLE (connect refused).
            String racing = answer(c);
            assertNotEquals("OK", racing);
            assertEquals("UNAVAILABLE", answer(c));
            assertEquals("UNAVAILABLE", answer(c));

            second = SmallModel.serve("port", Integer.toString(port), "drain-ms", "100");
            // The channel reconnects on its own back-off (1 s, growing): calls fail fast until it has.
            String status = answer(c);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!status.equals("OK") && System.nanoTime() < until) {
                assertEquals("UNAVAILABLE", status);
                Thread.sleep(100);
                status = answer(c);
            }
            assertEquals("OK", status);
            assertEquals("OK", answer(c));
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }
}
