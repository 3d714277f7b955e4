package dev.panamaedge.tools.cli;

import com.google.protobuf.UnsafeByteOperations;
import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
import dev.panamaedge.server.grpc.vision.Frame;
import dev.panamaedge.server.grpc.vision.StreamPrediction;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One camera: a gRPC {@code ClassifyStream} that sends the frames of a {@link FrameSet} in turn, one per
 * {@link #sendAsync}. The server classifies only a stream's newest frame and drops older waiting ones, so a frame
 * ends in one of three ways: its own prediction ("OK" when it is a valid classification), {@link #DROPPED} when a
 * prediction for a later frame arrives first (replies come in frame order), or the stream's failure (the gRPC code;
 * the next frame then opens a new stream, paced by the caller's back-off). A frame with no answer after 60 s ends
 * as {@code DEADLINE_EXCEEDED}.
 */
final class StreamClient implements LoadSender {
    private static final long DEADLINE_SECONDS = 60;

    private final ManagedChannel channel;
    private final String model;
    private final List<Frame.Builder> frames = new ArrayList<>();
    /** Frames the server dropped, as its replies count them (dropped_since_last), over this client's life. */
    private final LongAdder serverDropped = new LongAdder();
    private final FailureSamples failures = new FailureSamples();

    /** The stream frames go to; guarded by this. */
    private Replies current;
    /** Guarded by this. */
    private long sequence;

    StreamClient(ManagedChannel channel, String model, FrameSet set) {
        this.channel = channel;
        this.model = model;
        for (byte[] f : set.frames()) {
            Frame.Builder b = Frame.newBuilder().setModelName(model).setTopK(ClassificationReplies.TOP_K);
            if (set.raw() == null) {
                b.setImage(UnsafeByteOperations.unsafeWrap(f));
            } else {
                b.setRaw(ImageClient.rawFrame(set, f));
            }
            frames.add(b);
        }
    }

    @Override
    public synchronized CompletableFuture<String> sendAsync() {
        if (current == null) {
            current = new Replies();
            current.frames = EdgeVisionGrpc.newStub(channel).classifyStream(current);
        }
        Replies r = current;
        long seq = sequence++;
        CompletableFuture<String> status = new CompletableFuture<>();
        r.add(seq, status);
        status.completeOnTimeout("DEADLINE_EXCEEDED", DEADLINE_SECONDS, TimeUnit.SECONDS)
                .whenComplete((s, t) -> r.forget(seq));
        r.frames.onNext(frames.get((int) (seq % frames.size())).setSequence(seq).build());
        return status;
    }

    /** A frame's own error reply, "CODE: message": counted by its code, the message sampled. */
    private String frameFailure(String error) {
        String code = error.split(":", 2)[0];
        failures.record(code, error);
        return code;
    }

    @Override
    public FailureSamples failureSamples() {
        return failures;
    }

    /** Frames the server said it dropped. */
    long serverDropped() {
        return serverDropped.sum();
    }

    private synchronized void ended(Replies r) {
        if (current == r) {
            current = null;
        }
    }

    /** One stream: its frames without an answer, by sequence (guarded by this), and its replies. */
    private final class Replies implements StreamObserver<StreamPrediction> {
        private final TreeMap<Long, CompletableFuture<String>> pending = new TreeMap<>();
        StreamObserver<Frame> frames;

        synchronized void add(long seq, CompletableFuture<String> status) {
            pending.put(seq, status);
        }

        synchronized void forget(long seq) {
            pending.remove(seq);
        }

        @Override
        public void onNext(StreamPrediction p) {
            serverDropped.add(p.getDroppedSinceLast());
            List<CompletableFuture<String>> dropped;
            CompletableFuture<String> own;
            synchronized (this) {
                Map<Long, CompletableFuture<String>> older = pending.headMap(p.getSequence());
                dropped = new ArrayList<>(older.values());
                older.clear();
                own = pending.remove(p.getSequence());
            }
            dropped.forEach(f -> f.complete(DROPPED));
            if (own != null) {
                own.complete(p.getError().isEmpty() ? ClassificationReplies.check(model, model, p.getTopList())
                        : frameFailure(p.getError()));
            }
        }

        @Override
        public void onError(Throwable t) {
            end(failures.grpc(t));
        }

        @Override
        public void onCompleted() {
            end("CLIENT_STREAM_ENDED");
        }

        /** Fails every frame still open; the next frame opens a new stream. */
        void end(String status) {
            ended(this);
            List<CompletableFuture<String>> open;
            synchronized (this) {
                open = new ArrayList<>(pending.values());
                pending.clear();
            }
            open.forEach(f -> f.complete(status));
        }
    }

    /** Ends the stream; frames still unanswered end as {@code CLIENT_CLOSED}. */
    @Override
    public void close() {
        Replies r;
        synchronized (this) {
            r = current;
            current = null;
        }
        if (r != null) {
            r.frames.onCompleted();
            r.end("CLIENT_CLOSED");
        }
    }
}
