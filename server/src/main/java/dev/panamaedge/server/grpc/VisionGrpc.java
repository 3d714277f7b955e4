package dev.panamaedge.server.grpc;

import dev.panamaedge.runtime.image.Prediction;
import dev.panamaedge.server.Inference;
import dev.panamaedge.server.Metrics;
import dev.panamaedge.server.ModelRegistry;
import dev.panamaedge.server.grpc.vision.ClassifyRequest;
import dev.panamaedge.server.grpc.vision.ClassifyResponse;
import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
import dev.panamaedge.server.grpc.vision.Frame;
import dev.panamaedge.server.grpc.vision.Label;
import dev.panamaedge.server.grpc.vision.StreamPrediction;
import dev.panamaedge.server.shutdown.Drain;
import dev.panamaedge.server.stream.CameraStream;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The project's own gRPC API: {@code Classify} for one image and {@code ClassifyStream} for cameras, each taking
 * an encoded image or a raw frame.
 */
public final class VisionGrpc extends EdgeVisionGrpc.EdgeVisionImplBase {
    private final Inference inference;
    private final ModelRegistry registry;
    private final Metrics metrics;
    private final Drain drain;
    private final Executor streamWorkers = Executors.newVirtualThreadPerTaskExecutor();

    /** @param drain ends the camera streams at shutdown */
    public VisionGrpc(Inference inference, Drain drain) {
        this.inference = inference;
        this.drain = drain;
        this.registry = inference.registry();
        this.metrics = registry.metrics();
    }

    @Override
    public void classify(ClassifyRequest request, StreamObserver<ClassifyResponse> out) {
        GrpcCalls.unary(metrics, "Classify", out, () -> {
            String model = request.getModelName().isEmpty()
                    ? registry.defaultModel().orElseThrow(() -> new IllegalArgumentException("no model is served"))
                    : request.getModelName();
            Inference.Classified c = inference.classify(model, InferenceGrpc.version(request.getModelVersion()),
                    RawFrameMessages.input(request.hasRaw(), request.getRaw(), request.getImage()),
                    request.getTopK() == 0 ? 5 : request.getTopK());
            ClassifyResponse.Builder b = ClassifyResponse.newBuilder().setModelName(c.model())
                    .setModelVersion(c.version()).setPreprocessMicros((c.decodeNanos() + c.preprocessNanos()) / 1000)
                    .setDecodeMicros(c.decodeNanos() / 1000).setInferenceMicros(c.inferenceNanos() / 1000);
            for (Prediction p : c.top()) {
                b.addTop(Label.newBuilder().setIndex(p.index()).setLabel(p.label()).setProbability(p.probability()));
            }
            return b.build();
        });
    }

    @Override
    public StreamObserver<Frame> classifyStream(StreamObserver<StreamPrediction> replies) {
        return new CameraStream(inference, registry::defaultModel, metrics, replies, streamWorkers, drain);
    }
}
