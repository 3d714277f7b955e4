package dev.panamaedge.server.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.http.http2.ConnectionFlowControl;
import io.helidon.http.http2.StreamFlowControl;
import io.helidon.webserver.http2.Http2Config;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Helidon's own inbound flow control, built as its HTTP/2 connection builds it from an {@link Http2Config}. */
class ExactWindowUpdatesTest {

    private static final int FRAME = 16_384;

    private record Update(int streamId, int increment) {
    }

    /** Built as Helidon's HTTP/2 connection builds it from {@code config}, its WINDOW_UPDATEs handed to {@code sent}. */
    private static ConnectionFlowControl serverFlowControl(Http2Config config, BiConsumer<Integer, Integer> sent) {
        return ConnectionFlowControl.serverBuilder((streamId, update) -> sent.accept(streamId,
                        update.windowSizeIncrement()))
                .initialWindowSize(config.initialWindowSize())
                .maxFrameSize(config.maxFrameSize())
                .build();
    }

    private static ConnectionFlowControl serverFlowControl(Http2Config config, List<Update> sent) {
        return serverFlowControl(config, (streamId, increment) -> sent.add(new Update(streamId, increment)));
    }

    private static StreamFlowControl stream(ConnectionFlowControl connection, int streamId, Http2Config config) {
        return connection.createStreamFlowControl(streamId, config.initialWindowSize(), config.maxFrameSize());
    }

    @Test
    void helidonDefaultsDeferTheCreditThatOurSettingsSendAtOnce() {
        Http2Config defaults = Http2Config.create();
        List<Update> deferred = new CopyOnWriteArrayList<>();
        stream(serverFlowControl(defaults, deferred), 1, defaults).inbound().incrementWindowSize(FRAME);
        assertEquals(List.of(), deferred, "Helidon's default keeps a consumed frame's credit in its shared counter");

        Http2Config ours = ExactWindowUpdates.applyTo(Http2Config.builder()).build();
        List<Update> immediate = new CopyOnWriteArrayList<>();
        stream(serverFlowControl(ours, immediate), 1, ours).inbound().incrementWindowSize(FRAME);
        assertEquals(List.of(new Update(1, FRAME), new Update(0, FRAME)), immediate);
        assertTrue(ours.initialWindowSize() >= defaults.initialWindowSize(), "no smaller a window than Helidon's");
    }

    @Test
    void concurrentStreamsCreditTheConnectionExactlyAndNeverWithZero() throws Exception {
        Http2Config ours = ExactWindowUpdates.applyTo(Http2Config.builder()).build();
        AtomicLong connectionCredit = new AtomicLong();
        AtomicInteger zeroUpdates = new AtomicInteger();
        ConnectionFlowControl connection = serverFlowControl(ours, (streamId, increment) -> {
            if (increment == 0) {
                zeroUpdates.incrementAndGet();
            }
            if (streamId == 0) {
                connectionCredit.addAndGet(increment);
            }
        });
        int streams = 4;
        int framesPerStream = 200_000;
        ExecutorService threads = Executors.newFixedThreadPool(streams);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> consumers = new CopyOnWriteArrayList<>();
            for (int i = 0; i < streams; i++) {
                StreamFlowControl stream = stream(connection, 2 * i + 1, ours);
                consumers.add(threads.submit(() -> {
                    start.await();
                    for (int frame = 0; frame < framesPerStream; frame++) {
                        stream.inbound().incrementWindowSize(FRAME);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> consumer : consumers) {
                consumer.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(0, zeroUpdates.get());
        assertEquals((long) streams * framesPerStream * FRAME, connectionCredit.get(),
                "every consumed byte credited to the connection once");
        assertTrue(ours.maxFrameSize() * 4L > ours.initialWindowSize());
    }
}
