package dev.panamaedge.server.stream;

import dev.panamaedge.runtime.image.Prediction;
import dev.panamaedge.server.ErrorMapping;
import dev.panamaedge.server.Inference;
import dev.panamaedge.server.Metrics;
import dev.panamaedge.server.grpc.RawFrameMessages;
import dev.panamaedge.server.grpc.vision.Frame;
import dev.panamaedge.server.grpc.vision.Label;
import dev.panamaedge.server.grpc.vision.StreamPrediction;
import dev.panamaedge.server.shutdown.Drain;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One camera stream: frames in through {@link #onNext}, one {@link StreamPrediction} out per frame
 * classified, oldest waiting frames dropped when the client sends faster than the model runs. A frame that
 * fails (bad image, full queue) gets a reply carrying the error, and the stream goes on. At shutdown the
 * {@link Drain} ends it: the frames it has taken are answered, then it ends with UNAVAILABLE, so the client
 * knows to reconnect and, from the sequence numbers, which frames were answered.
 */
public final class CameraStream implements StreamObserver<Frame> {
    private final Inference inference;
    private final Supplier<Optional<String>> defaultModel;
    private final Metrics metrics;
    private final StreamObserver<StreamPrediction> replies;
    private final LatestFrameSlot<Frame> slot;
    private final Drain.OpenStream open;

    public CameraStream(Inference inference, Supplier<Optional<String>> defaultModel, Metrics metrics,
                        StreamObserver<StreamPrediction> replies, Executor executor, Drain drain) {
        this.inference = inference;
        this.defaultModel = defaultModel;
        this.metrics = metrics;
        this.replies = replies;
        this.slot = new LatestFrameSlot<>(this::classify, executor, this::ended);
        if (replies instanceof ServerCallStreamObserver<StreamPrediction> call) {
            // A reply to a cancelled call is then dropped instead of thrown at the worker; onError still comes.
            call.setOnCancelHandler(() -> { });
        }
        this.open = drain.openStream(slot::end);
    }

    @Override
    public void onNext(Frame frame) {
        if (slot.offer(frame)) {
            metrics.framesDropped(1);
        }
    }

    @Override
    public void onError(Throwable t) {
        abandoned();
    }

    @Override
    public void onCompleted() {
        slot.close();
    }

    private void ended(LatestFrameSlot.Ending how) {
        try {
            if (how == LatestFrameSlot.Ending.SERVER_ENDED) {
                replies.onError(Status.UNAVAILABLE.withDescription(Drain.MESSAGE).asRuntimeException());
            } else {
                replies.onCompleted();
            }
        } finally {
            released();
        }
    }

    /** The client or its connection is gone: nothing more is classified or answered. */
    private void abandoned() {
        slot.cancel();
        released();
    }

    private void released() {
        if (open != null) { // null only when a drain already under way ended the stream in its constructor
            open.close();
        }
    }

    private void classify(Frame frame, long droppedSinceLast, long droppedTotal) {
        StreamPrediction.Builder p = StreamPrediction.newBuilder().setSequence(frame.getSequence())
                .setDroppedSinceLast(droppedSinceLast).setDroppedTotal(droppedTotal);
        try {
            String model = frame.getModelName().isEmpty()
                    ? defaultModel.get().orElseThrow(() -> new IllegalArgumentException("no model is served"))
                    : frame.getModelName();
            Optional<String> version = frame.getModelVersion().isEmpty() ? Optional.empty()
                    : Optional.of(frame.getModelVersion());
            Inference.Classified c = inference.classify(model, version,
                    RawFrameMessages.input(frame.hasRaw(), frame.getRaw(), frame.getImage()),
                    frame.getTopK() == 0 ? 5 : frame.getTopK());
            for (Prediction pr : c.top()) {
                p.addTop(Label.newBuilder().setIndex(pr.index()).setLabel(pr.label()).setProbability(pr.probability()));
            }
            p.setInferenceMicros(c.inferenceNanos() / 1000);
        } catch (Exception e) {
            ErrorMapping.Mapped m = ErrorMapping.map(e);
            p.setError(m.grpcCode().name() + ": " + m.message());
        }
        try {
            replies.onNext(p.build());
        } catch (RuntimeException e) {
            // The connection is gone under the stream (Helidon throws instead of cancelling): nobody to answer.
            abandoned();
        }
    }
}
