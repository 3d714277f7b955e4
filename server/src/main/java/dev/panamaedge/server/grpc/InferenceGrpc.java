package dev.panamaedge.server.grpc;

import com.google.protobuf.UnsafeByteOperations;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.server.Inference;
import dev.panamaedge.server.Metrics;
import dev.panamaedge.server.ModelRegistry;
import dev.panamaedge.server.ServedModel;
import dev.panamaedge.server.WireType;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import dev.panamaedge.server.grpc.inference.ModelInferResponse;
import dev.panamaedge.server.grpc.inference.ModelMetadataRequest;
import dev.panamaedge.server.grpc.inference.ModelMetadataResponse;
import dev.panamaedge.server.grpc.inference.ModelReadyRequest;
import dev.panamaedge.server.grpc.inference.ModelReadyResponse;
import dev.panamaedge.server.grpc.inference.ServerLiveRequest;
import dev.panamaedge.server.grpc.inference.ServerLiveResponse;
import dev.panamaedge.server.grpc.inference.ServerMetadataRequest;
import dev.panamaedge.server.grpc.inference.ServerMetadataResponse;
import dev.panamaedge.server.grpc.inference.ServerReadyRequest;
import dev.panamaedge.server.grpc.inference.ServerReadyResponse;
import dev.panamaedge.server.Limits;
import dev.panamaedge.server.RepositoryAccess;
import dev.panamaedge.server.grpc.inference.ModelConfigRequest;
import dev.panamaedge.server.grpc.inference.ModelConfigResponse;
import dev.panamaedge.server.grpc.inference.ModelStatisticsRequest;
import dev.panamaedge.server.grpc.inference.ModelStatisticsResponse;
import dev.panamaedge.server.grpc.inference.RepositoryIndexRequest;
import dev.panamaedge.server.grpc.inference.RepositoryIndexResponse;
import dev.panamaedge.server.grpc.inference.RepositoryModelLoadRequest;
import dev.panamaedge.server.grpc.inference.RepositoryModelLoadResponse;
import dev.panamaedge.server.grpc.inference.RepositoryModelUnloadRequest;
import dev.panamaedge.server.grpc.inference.RepositoryModelUnloadResponse;
import dev.panamaedge.server.triton.ModelRepositoryControl;
import dev.panamaedge.server.triton.TopKClassification;
import io.grpc.stub.StreamObserver;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code inference.GRPCInferenceService}, the KServe v2 gRPC protocol, on top of {@link Inference}. */
public final class InferenceGrpc extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private final Inference inference;
    private final ModelRegistry registry;
    private final Metrics metrics;
    private final TritonGrpc triton;

    public InferenceGrpc(Inference inference) {
        this(inference, Limits.defaults(), RepositoryAccess.allowed());
    }

    /** @param access whether the repository RPCs (RepositoryIndex, RepositoryModelLoad/Unload) are allowed */
    public InferenceGrpc(Inference inference, Limits limits, RepositoryAccess access) {
        this.inference = inference;
        this.registry = inference.registry();
        this.metrics = registry.metrics();
        this.triton = new TritonGrpc(registry, limits, new ModelRepositoryControl(registry, access));
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        GrpcCalls.unary(metrics, "ServerLive", out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        GrpcCalls.unary(metrics, "ServerReady", out,
                () -> ServerReadyResponse.newBuilder().setReady(registry.isReady()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        GrpcCalls.unary(metrics, "ModelReady", out, () -> ModelReadyResponse.newBuilder()
                .setReady(registry.isReady(request.getName(), version(request.getVersion()))).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        GrpcCalls.unary(metrics, "ServerMetadata", out, () -> ServerMetadataResponse.newBuilder()
                .setName("panama-edge").setVersion("0.1.0")
                .addExtensions("binary_tensor_data").addExtensions("classification")
                .addExtensions("model_configuration").addExtensions("statistics").addExtensions("model_repository")
                .build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        GrpcCalls.unary(metrics, "ModelMetadata", out, () -> {
            ServedModel m = registry.resolve(request.getName(), version(request.getVersion()));
            ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder().setName(m.name())
                    .addAllVersions(registry.versions(m.name())).setPlatform("openvino_ir");
            m.inputs().forEach(s -> b.addInputs(tensor(s)));
            m.outputs().forEach(s -> b.addOutputs(tensor(s)));
            return b.build();
        });
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        GrpcCalls.unary(metrics, "ModelInfer", out, () -> {
            if (request.getModelName().isEmpty()) {
                throw new IllegalArgumentException("model_name is missing");
            }
            List<String> requested = new ArrayList<>(request.getOutputsCount());
            for (ModelInferRequest.InferRequestedOutputTensor o : request.getOutputsList()) {
                requested.add(o.getName());
            }
            Map<String, Long> classify = TritonGrpc.classification(request);
            Inference.Result r = inference.infer(request.getModelName(), version(request.getModelVersion()),
                    GrpcTensors.inputs(request), requested);
            ModelInferResponse.Builder b = ModelInferResponse.newBuilder().setModelName(r.model())
                    .setModelVersion(r.version()).setId(request.getId());
            for (Inference.Output o : r.outputs()) {
                if (classify.containsKey(o.name())) {
                    TopKClassification c = TopKClassification.of(o, classify.get(o.name()), r.labels());
                    ModelInferResponse.InferOutputTensor.Builder t = ModelInferResponse.InferOutputTensor.newBuilder()
                            .setName(o.name()).setDatatype(WireType.BYTES.name());
                    for (long d : c.shape()) {
                        t.addShape(d);
                    }
                    b.addOutputs(t);
                    b.addRawOutputContents(UnsafeByteOperations.unsafeWrap(c.serialized()));
                    continue;
                }
                ModelInferResponse.InferOutputTensor.Builder t = ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName(o.name()).setDatatype(o.type().name());
                for (long d : o.tensor().shape().dims()) {
                    t.addShape(d);
                }
                b.addOutputs(t);
                // The output array is ours alone, so protobuf may wrap it instead of copying it again.
                b.addRawOutputContents(UnsafeByteOperations.unsafeWrap(o.tensor().data().toArray(ValueLayout.JAVA_BYTE)));
            }
            return b.build();
        });
    }

    @Override
    public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> out) {
        GrpcCalls.unary(metrics, "ModelConfig", out, () -> triton.config(request));
    }

    @Override
    public void modelStatistics(ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> out) {
        GrpcCalls.unary(metrics, "ModelStatistics", out, () -> triton.statistics(request));
    }

    @Override
    public void repositoryIndex(RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> out) {
        GrpcCalls.unary(metrics, "RepositoryIndex", out, () -> triton.index(request));
    }

    @Override
    public void repositoryModelLoad(RepositoryModelLoadRequest request,
                                    StreamObserver<RepositoryModelLoadResponse> out) {
        GrpcCalls.unary(metrics, "RepositoryModelLoad", out, () -> triton.load(request));
    }

    @Override
    public void repositoryModelUnload(RepositoryModelUnloadRequest request,
                                      StreamObserver<RepositoryModelUnloadResponse> out) {
        GrpcCalls.unary(metrics, "RepositoryModelUnload", out, () -> triton.unload(request));
    }

    private static ModelMetadataResponse.TensorMetadata tensor(TensorSpec s) {
        ModelMetadataResponse.TensorMetadata.Builder t = ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(s.name()).setDatatype(WireType.of(s.type()).name());
        for (long d : s.dims()) {
            t.addShape(d);
        }
        return t.build();
    }

    static Optional<String> version(String v) {
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
