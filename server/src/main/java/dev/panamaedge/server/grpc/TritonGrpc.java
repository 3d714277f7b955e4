package dev.panamaedge.server.grpc;

import dev.panamaedge.server.Limits;
import dev.panamaedge.server.ModelRegistry;
import dev.panamaedge.server.grpc.inference.InferParameter;
import dev.panamaedge.server.grpc.inference.ModelConfigRequest;
import dev.panamaedge.server.grpc.inference.ModelConfigResponse;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import dev.panamaedge.server.grpc.inference.ModelRepositoryParameter;
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
import dev.panamaedge.server.triton.TritonModelConfig;
import dev.panamaedge.server.triton.TritonStatistics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Triton extension RPCs of {@code inference.GRPCInferenceService} (model configuration, statistics,
 * repository control), which {@link InferenceGrpc} hands over to this class, and the {@code classification}
 * parameter of a requested output.
 */
final class TritonGrpc {
    private final ModelRegistry registry;
    private final Limits limits;
    private final ModelRepositoryControl repository;

    TritonGrpc(ModelRegistry registry, Limits limits, ModelRepositoryControl repository) {
        this.registry = registry;
        this.limits = limits;
        this.repository = repository;
    }

    ModelConfigResponse config(ModelConfigRequest r) {
        return ModelConfigResponse.newBuilder().setConfig(TritonModelConfig.of(
                registry.resolve(r.getName(), InferenceGrpc.version(r.getVersion())), limits.maxRequestBytes())).build();
    }

    ModelStatisticsResponse statistics(ModelStatisticsRequest r) {
        return TritonStatistics.of(registry, InferenceGrpc.version(r.getName()), InferenceGrpc.version(r.getVersion()));
    }

    RepositoryIndexResponse index(RepositoryIndexRequest r) {
        checkRepository(r.getRepositoryName());
        return RepositoryIndexResponse.newBuilder().addAllModels(repository.index(r.getReady())).build();
    }

    RepositoryModelLoadResponse load(RepositoryModelLoadRequest r) {
        checkRepository(r.getRepositoryName());
        repository.load(r.getModelName(), r.getParametersMap().keySet());
        return RepositoryModelLoadResponse.getDefaultInstance();
    }

    RepositoryModelUnloadResponse unload(RepositoryModelUnloadRequest r) {
        checkRepository(r.getRepositoryName());
        Map<String, Boolean> flags = new LinkedHashMap<>();
        for (Map.Entry<String, ModelRepositoryParameter> e : r.getParametersMap().entrySet()) {
            flags.put(e.getKey(), e.getValue().getBoolParam());
        }
        repository.unload(r.getModelName(), flags);
        return RepositoryModelUnloadResponse.getDefaultInstance();
    }

    /** The requested outputs that carry {@code parameters["classification"]}, with their class count. */
    static Map<String, Long> classification(ModelInferRequest request) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ModelInferRequest.InferRequestedOutputTensor o : request.getOutputsList()) {
            InferParameter p = o.getParametersMap().get(TopKClassification.PARAMETER);
            if (p != null) {
                if (p.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.INT64_PARAM) {
                    throw new IllegalArgumentException("output '" + o.getName() + "': parameters[\"classification\"] "
                            + "must be an int64_param, got " + p.getParameterChoiceCase());
                }
                out.put(o.getName(), TopKClassification.count(p.getInt64Param(), o.getName()));
            }
        }
        return out;
    }

    /** One repository: the server's own, named by nothing or by an empty name. */
    private static void checkRepository(String name) {
        if (!name.isEmpty()) {
            throw new IllegalArgumentException("unknown repository_name '" + name + "': this server has one model "
                    + "repository; leave repository_name empty");
        }
    }
}
