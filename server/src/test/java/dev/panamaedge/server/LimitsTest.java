package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.server.grpc.vision.ClassifyRequest;
import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
import dev.panamaedge.testsupport.SharedPhotos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Request size limits: 256 KiB here. Larger bodies get 413, larger gRPC messages RESOURCE_EXHAUSTED. */
@ServerTest
final class LimitsTest {
    private static final int LIMIT = 256 * 1024;
    private static final Limits LIMITS = new Limits(LIMIT, 40_000_000L);
    private static final ModelRegistry REGISTRY = TestModels.registry();
    private final Http1Client client;
    private final int port;

    LimitsTest(Http1Client client, WebServer server) {
        this.client = client;
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        GrpcRouting.Builder grpc = GrpcRouting.builder();
        ServerRoutes.grpc(grpc, REGISTRY, LIMITS);
        server.maxPayloadSize(LIMIT)
                .addProtocol(GrpcConfig.builder().maxReadBufferSize(ServerRoutes.grpcReadBufferBytes(LIMITS)).build())
                .routing(r -> ServerRoutes.http(r, REGISTRY, LIMITS)).addRouting(grpc);
    }

    @AfterAll
    static void closeModels() {
        REGISTRY.close();
    }

    /**
     * Sent over a raw socket with only the headers: the server must refuse from Content-Length alone, so
     * the test cannot race the server closing the connection while a client is still writing the body.
     */
    @Test
    void oversizedHttpBodyIs413FromContentLengthAlone() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v2/models/mobilenet/classify HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                    + (LIMIT + 1) + "\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(status.startsWith("HTTP/1.1 413 "), status);
        }
    }

    @Test
    void oversizedGrpcMessageIsResourceExhausted() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            var stub = EdgeVisionGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.classify(
                    ClassifyRequest.newBuilder().setImage(ByteString.copyFrom(new byte[LIMIT + 100])).build()));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
            var ok = stub.classify(ClassifyRequest.newBuilder().setImage(ByteString.copyFrom(
                    SharedPhotos.bytes("owl.jpg"))).build());
            assertTrue(ok.getTopCount() == 5);
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void bodyWithinTheLimitIsServed() {
        try (Http1ClientResponse res = client.post("/v2/models/mobilenet/classify").submit(SharedPhotos.bytes("owl.jpg"))) {
            assertEquals(200, res.status().code());
        }
    }
}
