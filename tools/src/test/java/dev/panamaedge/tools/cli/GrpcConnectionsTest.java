package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.server.ServerMain;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A load client's gRPC calls outlive a server restart, as a grpc-java channel's do. */
final class GrpcConnectionsTest {

    private static byte[] request(TensorSpec input) {
        ModelInferRequest.InferInputTensor.Builder t = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(input.name()).setDatatype("FP32");
        long bytes = 4;
        for (long d : input.dims()) {
            t.addShape(d);
            bytes *= d;
        }
        return ModelInferRequest.newBuilder().setModelName("small").addInputs(t)
                .addRawInputContents(ByteString.copyFrom(new byte[Math.toIntExact(bytes)])).build().toByteArray();
    }

    private static String answer(GrpcConnections c) throws Exception {
        return c.call().get(60, TimeUnit.SECONDS);
    }

    @Test
    void callsFailWhileTheServerIsDownAndAreAnsweredOnceItIsBack() throws Exception {
        // drain-ms: the stopping server cuts the client's idle connection after 100 ms instead of 30 s.
        ServerMain first = SmallModel.serve("drain-ms", "100");
        int port = first.port();
        byte[] request = request(first.registry().resolve("small", Optional.empty()).inputs().getFirst());
        ServerMain second = null;
        try (GrpcConnections c = new GrpcConnections(() -> new UnaryGrpcConnection("127.0.0.1", port,
                "/inference.GRPCInferenceService/ModelInfer", request, reply -> LoadClient.check("small", reply),
                Duration.ofMinutes(1)))) {
            assertEquals("OK", answer(c));
            first.close();
            // Sent on the old connection if its close is not seen yet, or refused at the connect.
            assertEquals("UNAVAILABLE", answer(c));
            CompletableFuture<String> refused = c.call(); // nothing listens: the connect is refused
            assertTrue(refused.isDone());
            assertEquals("UNAVAILABLE", refused.join());

            second = SmallModel.serve("port", Integer.toString(port), "drain-ms", "100");
            assertEquals("OK", answer(c));
            assertEquals("OK", answer(c));
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }
}
