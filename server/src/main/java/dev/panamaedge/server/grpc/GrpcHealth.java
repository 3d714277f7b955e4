package dev.panamaedge.server.grpc;

import dev.panamaedge.server.ModelNotFoundException;
import dev.panamaedge.server.ModelRegistry;
import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code grpc.health.v1.Health} (grpc-java's {@link HealthStatusManager}: Check and Watch), kept in step with
 * the registry: service {@code ""} and the served gRPC service names are SERVING exactly when
 * {@code /v2/health/ready} is 200, and each model name exactly when {@code /v2/models/{m}/ready} is; a model
 * that leaves the repository becomes unknown (Check: NOT_FOUND, Watch: SERVICE_UNKNOWN). Kubernetes gRPC
 * probes and {@code grpc_health_probe} ask this.
 */
public final class GrpcHealth {
    private final HealthStatusManager health = new HealthStatusManager();
    private final ModelRegistry registry;
    private final List<String> services;
    private Set<String> models = Set.of();

    private GrpcHealth(ModelRegistry registry, List<String> services) {
        this.registry = registry;
        this.services = List.copyOf(services);
    }

    /**
     * @param services the gRPC service names that share the server's overall readiness
     * @return the health service, already showing the registry's state and following its changes
     */
    public static BindableService of(ModelRegistry registry, List<String> services) {
        GrpcHealth h = new GrpcHealth(Objects.requireNonNull(registry, "registry"), services);
        h.update();
        registry.onChange(h::update);
        return h.health.getHealthService();
    }

    /** Synchronized: changes arrive from the loader and the reload poller; watchers see them in order. */
    private synchronized void update() {
        ServingStatus overall = status(registry.isReady());
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, overall);
        services.forEach(s -> health.setStatus(s, overall));
        Set<String> now = new HashSet<>();
        for (String model : registry.names()) {
            try {
                health.setStatus(model, status(registry.isReady(model, Optional.empty())));
                now.add(model);
            } catch (ModelNotFoundException e) {
                // removed between names() and isReady(): cleared below
            }
        }
        for (String gone : models) {
            if (!now.contains(gone)) {
                health.clearStatus(gone);
            }
        }
        models = Set.copyOf(now);
    }

    private static ServingStatus status(boolean ready) {
        return ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    }
}
