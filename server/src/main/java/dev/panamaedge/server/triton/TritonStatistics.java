package dev.panamaedge.server.triton;

import dev.panamaedge.server.InferenceStatistics;
import dev.panamaedge.server.ModelRegistry;
import dev.panamaedge.server.ServedModel;
import dev.panamaedge.server.grpc.inference.InferStatistics;
import dev.panamaedge.server.grpc.inference.ModelStatistics;
import dev.panamaedge.server.grpc.inference.ModelStatisticsResponse;
import dev.panamaedge.server.grpc.inference.StatisticDuration;
import java.util.List;
import java.util.Optional;

/**
 * Triton's statistics extension over the served versions' {@link InferenceStatistics}. {@code compute_input} is
 * decoding and preprocessing encoded images (nothing for tensor inputs), {@code compute_infer} the engine's run
 * including its input and output copies, so {@code compute_output} stays 0; there is no response cache.
 */
public final class TritonStatistics {
    private TritonStatistics() {
    }

    /**
     * @param name    empty: every model
     * @param version empty: every ready version of the model(s)
     * @throws dev.panamaedge.server.ModelNotFoundException    for an unknown model or version
     * @throws dev.panamaedge.server.ModelUnavailableException for a named version that is not ready
     */
    public static ModelStatisticsResponse of(ModelRegistry registry, Optional<String> name, Optional<String> version) {
        ModelStatisticsResponse.Builder out = ModelStatisticsResponse.newBuilder();
        if (name.isPresent() && version.isPresent()) {
            out.addModelStats(statistics(registry.resolve(name.get(), version)));
            return out.build();
        }
        List<String> names = name.map(List::of).orElseGet(registry::names);
        for (String n : names) {
            for (String v : registry.versions(n)) {
                if (registry.isReady(n, Optional.of(v))) {
                    try {
                        out.addModelStats(statistics(registry.resolve(n, Optional.of(v))));
                    } catch (RuntimeException e) {
                        // retired between the two looks: it has no statistics any more
                    }
                }
            }
        }
        return out.build();
    }

    private static ModelStatistics statistics(ServedModel m) {
        InferenceStatistics.Snapshot s = m.statistics().snapshot();
        StatisticDuration none = duration(new InferenceStatistics.Totals(0, 0));
        InferStatistics stats = InferStatistics.newBuilder().setSuccess(duration(s.success())).setFail(duration(s.fail()))
                .setQueue(duration(s.queue())).setComputeInput(duration(s.computeInput()))
                .setComputeInfer(duration(s.computeInfer())).setComputeOutput(none).setCacheHit(none)
                .setCacheMiss(none).build();
        return ModelStatistics.newBuilder().setName(m.name()).setVersion(m.version())
                .setLastInference(s.lastInferenceMillis()).setInferenceCount(s.inferences())
                .setExecutionCount(s.executions()).setInferenceStats(stats).build();
    }

    private static StatisticDuration duration(InferenceStatistics.Totals t) {
        return StatisticDuration.newBuilder().setCount(t.count()).setNs(t.nanos()).build();
    }
}
