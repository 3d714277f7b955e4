package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.server.grpc.vision.Frame;
import dev.panamaedge.server.grpc.vision.StreamPrediction;
import dev.panamaedge.testsupport.SharedPhotos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.helidon.webserver.Router;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bidirectional camera stream over gRPC, asserted through futures with timeouts. */
@ServerTest
final class CameraStreamTest {
    private static final ModelRegistry REGISTRY = TestModels.registry();
    private final ManagedChannel channel;

    CameraStreamTest(WebServer server) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @SetUpRoute
    static void routes(Router.RouterBuilder<?> router) {
        GrpcRouting.Builder grpc = GrpcRouting.builder();
        ServerRoutes.grpc(grpc, REGISTRY);
        router.addRouting(grpc);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void closeModels() {
        REGISTRY.close();
    }

    /** Sends {@code frames} as fast as gRPC takes them and collects every reply until the server completes. */
    private List<StreamPrediction> stream(List<Frame> frames) throws Exception {
        return CameraStreamExchange.exchange(channel, frames);
    }

    @Test
    void everyFrameIsEitherAnsweredOrCountedAsDropped() throws Exception {
        ByteString jpeg = ByteString.copyFrom(SharedPhotos.bytes("owl.jpg"));
        int sent = 30;
        List<Frame> frames = new java.util.ArrayList<>();
        for (int i = 0; i < sent; i++) {
            frames.add(Frame.newBuilder().setSequence(i).setImage(jpeg).setTopK(3).build());
        }
        List<StreamPrediction> replies = stream(frames);
        StreamPrediction last = replies.getLast();
        assertEquals(sent, replies.size() + last.getDroppedTotal());
        assertEquals(sent - 1, last.getSequence(), "the newest frame is never dropped");
        long sum = replies.stream().mapToLong(StreamPrediction::getDroppedSinceLast).sum();
        assertEquals(last.getDroppedTotal(), sum);
        long previous = -1;
        for (StreamPrediction p : replies) {
            assertTrue(p.getSequence() > previous, "replies arrive in frame order");
            previous = p.getSequence();
            assertEquals("", p.getError());
            assertEquals(3, p.getTopCount());
        }
    }

    @Test
    void aBadFrameGetsAnErrorReplyAndTheStreamGoesOn() throws Exception {
        ByteString jpeg = ByteString.copyFrom(SharedPhotos.bytes("owl.jpg"));
        List<StreamPrediction> replies = stream(List.of(
                Frame.newBuilder().setSequence(1).setImage(ByteString.copyFromUtf8("not an image")).build()));
        assertEquals(1, replies.size());
        assertTrue(replies.getFirst().getError().startsWith("INVALID_ARGUMENT: "), replies.getFirst().getError());
        List<StreamPrediction> next = stream(List.of(Frame.newBuilder().setSequence(2).setImage(jpeg).build()));
        assertEquals(5, next.getFirst().getTopCount());
    }
}
