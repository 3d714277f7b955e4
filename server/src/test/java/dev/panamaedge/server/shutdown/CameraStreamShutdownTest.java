package dev.panamaedge.server.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.panamaedge.server.Engines;
import dev.panamaedge.server.ServerConfig;
import dev.panamaedge.server.ServerMain;
import dev.panamaedge.server.TestModelsAccess;
import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
import dev.panamaedge.server.grpc.vision.Frame;
import dev.panamaedge.server.grpc.vision.StreamPrediction;
import dev.panamaedge.testsupport.SharedPhotos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server the way SIGTERM does ({@link ServerMain#close()}) while grpc-java camera streams send
 * frames faster than the model classifies them. Each stream must end with UNAVAILABLE "server is shutting down"
 * after the replies to the frames the server took, well inside the drain period: not cut off by the listener's
 * close (grpc-java then reports an abrupt GOAWAY or a cancellation), and not held open until the drain period
 * runs out. A stream opened during the drain is refused the same way.
 */
final class CameraStreamShutdownTest {
    private static final int STREAMS = 8;
    private static final long DRAIN_MILLIS = 20_000;

    /** One camera: sends a frame every few milliseconds until the server ends the stream. */
    private static final class Camera implements StreamObserver<StreamPrediction> {
        final List<StreamPrediction> replies = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> end = new CompletableFuture<>();
        final AtomicInteger sent = new AtomicInteger();

        @Override
        public void onNext(StreamPrediction p) {
            replies.add(p);
        }

        @Override
        public void onError(Throwable t) {
            end.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            end.complete(Status.OK);
        }

        void run(ManagedChannel channel, ByteString jpeg) {
            StreamObserver<Frame> out = EdgeVisionGrpc.newStub(channel).classifyStream(this);
            while (!end.isDone()) {
                out.onNext(Frame.newBuilder().setSequence(sent.getAndIncrement()).setImage(jpeg).setTopK(3).build());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Test
    void sigtermAnswersEachStreamsFramesThenEndsItWithUnavailable() throws Exception {
        Path xml = TestModelsAccess.mobilenetXml();
        ServerMain server = ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0",
                "engine", "reference", "model", xml.toString(), "model-name", "mobilenet",
                "drain-ms", Long.toString(DRAIN_MILLIS))), new Engines(), List::of);
        assertTrue(server.registry().awaitLoaded(120_000));
        ByteString jpeg = ByteString.copyFrom(SharedPhotos.bytes("owl.jpg"));
        List<ManagedChannel> channels = List.of(
                ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build(),
                ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build());
        List<Camera> cameras = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS; i++) {
                Camera c = new Camera();
                ManagedChannel channel = channels.get(i % channels.size());
                cameras.add(c);
                senders.add(Thread.ofVirtual().start(() -> c.run(channel, jpeg)));
            }
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (cameras.stream().anyMatch(c -> c.replies.size() < 2) && System.nanoTime() < warm) {
                Thread.sleep(50);
            }
            assertTrue(cameras.stream().allMatch(c -> c.replies.size() >= 2), "every stream was answered");

            long stopStart = System.nanoTime();
            Thread stopper = Thread.ofPlatform().start(server::close);
            List<Status> ends = new ArrayList<>();
            for (Camera c : cameras) {
                ends.add(c.end.get(60, TimeUnit.SECONDS));
            }
            long endedMillis = (System.nanoTime() - stopStart) / 1_000_000;
            stopper.join(60_000);
            for (Thread t : senders) {
                t.join(10_000);
            }

            for (int i = 0; i < STREAMS; i++) {
                Status s = ends.get(i);
                assertEquals(Status.Code.UNAVAILABLE, s.getCode(), "stream " + i + ": " + s);
                assertTrue(String.valueOf(s.getDescription()).contains("shutting down"), "stream " + i + ": " + s);
                List<StreamPrediction> replies = cameras.get(i).replies;
                StreamPrediction last = replies.getLast();
                // Every frame up to the last one answered was answered or reported dropped; none failed.
                assertEquals(last.getSequence() + 1, replies.size() + last.getDroppedTotal(), "stream " + i);
                assertTrue(replies.stream().allMatch(p -> p.getError().isEmpty() && p.getTopCount() == 3),
                        "stream " + i + " replies carry predictions");
                assertTrue(cameras.get(i).sent.get() > last.getSequence(), "stream " + i);
            }
            assertTrue(endedMillis < DRAIN_MILLIS / 2, "streams ended " + endedMillis + " ms after the stop began,"
                    + " not at the end of the " + DRAIN_MILLIS + " ms drain period");
            assertFalse(stopper.isAlive(), "the stop finished");
            System.out.printf("camera streams ended %d ms after the stop began; replies per stream %s%n",
                    endedMillis, cameras.stream().map(c -> c.replies.size()).toList());
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
            server.close();
        }
    }

    /**
     * The server's drain started by itself, not by {@link ServerMain#close()}, so that the listener stays open and
     * the test knows when the drain has begun: a stream open when it begins is ended after its replies, one opened
     * after is refused without a reply, and the drain returns as soon as the open stream has ended.
     */
    @Test
    void aStreamOpenedDuringTheDrainIsRefusedAndTheDrainWaitsOnlyForOpenStreams() throws Exception {
        ServerMain server = ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0",
                "engine", "reference", "model", TestModelsAccess.mobilenetXml().toString(), "model-name",
                "mobilenet")), new Engines(), List::of);
        assertTrue(server.registry().awaitLoaded(120_000));
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        ByteString jpeg = ByteString.copyFrom(SharedPhotos.bytes("owl.jpg"));
        Drain drain = server.drain();
        try {
            Camera open = new Camera();
            Thread sender = Thread.ofVirtual().start(() -> open.run(channel, jpeg));
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (open.replies.isEmpty() && System.nanoTime() < warm) {
                Thread.sleep(20);
            }
            assertEquals(1, drain.openStreams());
            CompletableFuture<Boolean> drained = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    drained.complete(drain.drain(DRAIN_MILLIS, 0));
                } catch (InterruptedException e) {
                    drained.completeExceptionally(e);
                }
            });
            Status openEnd = open.end.get(30, TimeUnit.SECONDS);
            assertTrue(drain.draining());
            Camera late = new Camera();
            Thread lateSender = Thread.ofVirtual().start(() -> late.run(channel, jpeg));
            Status lateEnd = late.end.get(30, TimeUnit.SECONDS);
            assertTrue(drained.get(30, TimeUnit.SECONDS), "the drain saw every stream end");
            sender.join(10_000);
            lateSender.join(10_000);

            assertEquals(Status.Code.UNAVAILABLE, openEnd.getCode(), openEnd.toString());
            assertEquals(Drain.MESSAGE, openEnd.getDescription());
            assertFalse(open.replies.isEmpty());
            assertEquals(Status.Code.UNAVAILABLE, lateEnd.getCode(), lateEnd.toString());
            assertEquals(Drain.MESSAGE, lateEnd.getDescription());
            assertEquals(List.of(), late.replies, "a stream opened during the drain is not served");
            assertEquals(0, drain.openStreams());
        } finally {
            channel.shutdownNow();
            server.close();
        }
    }
}
