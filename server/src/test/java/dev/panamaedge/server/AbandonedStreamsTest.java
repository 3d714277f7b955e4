package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.panamaedge.server.grpc.vision.Frame;
import dev.panamaedge.server.grpc.vision.RawFormat;
import dev.panamaedge.server.grpc.vision.RawFrame;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A camera that drops off the network leaves its gRPC stream open on a closed connection. Helidon 4.5.0 does not
 * tell the stream, so before {@code ConnectionEnd} each such stream kept a thread waiting for frames for good (40
 * cameras gone, 40 threads left in Helidon's stream loop, with their calls). Counted from a thread dump that
 * includes virtual threads.
 */
@Timeout(120)
final class AbandonedStreamsTest {
    private static final String CLASSIFY_STREAM = "/panamaedge.vision.v1.EdgeVision/ClassifyStream";
    private static final int CAMERAS = 20;
    private static HostileServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HostileServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void cameraStreamsCutOffWithTheirConnectionEndTheirThreads() throws Exception {
        long before = streamThreadsWaiting();
        byte[] frame = Frame.newBuilder().setSequence(1).setRaw(RawFrame.newBuilder().setWidth(8).setHeight(8)
                .setFormat(RawFormat.RGB).setData(ByteString.copyFrom(new byte[8 * 8 * 3]))).build().toByteArray();
        for (int i = 0; i < CAMERAS; i++) {
            try (RawGrpcCall camera = new RawGrpcCall(server.port())) {
                camera.open(CLASSIFY_STREAM, Map.of(), RawGrpcCall.message(frame), false);
                Thread.sleep(50); // the frame reaches its stream; then the camera is gone, no RST_STREAM, no GOAWAY
            }
        }
        long left = streamThreadsWaiting() - before;
        for (long until = System.nanoTime() + 10_000_000_000L; left > 0 && System.nanoTime() < until; ) {
            Thread.sleep(100);
            left = streamThreadsWaiting() - before;
        }
        assertEquals(0, Math.max(0, left), left + " of " + CAMERAS + " cut-off camera streams still wait for frames");
        server.assertHealthy();
        server.assertGrpcServes();
    }

    /** Threads now inside Helidon's HTTP/2 stream loop, virtual ones included. */
    private static long streamThreadsWaiting() throws IOException {
        Path dump = Files.createTempDirectory("threads").resolve("dump.txt");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(dump.toString(),
                    HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            try (var lines = Files.lines(dump)) {
                return lines.filter(l -> l.contains("io.helidon.webserver.http2.Http2ServerStream.run(")).count();
            }
        } finally {
            Files.deleteIfExists(dump);
            Files.deleteIfExists(dump.getParent());
        }
    }
}
