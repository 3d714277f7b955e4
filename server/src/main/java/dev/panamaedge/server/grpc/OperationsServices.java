package dev.panamaedge.server.grpc;

import dev.panamaedge.server.ModelRegistry;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
import io.grpc.health.v1.HealthGrpc;
import io.helidon.webserver.grpc.GrpcRouting;
import java.util.List;

/**
 * The gRPC services that operators' tools call, beside the inference ones: health ({@link GrpcHealth}) and
 * server reflection v1 and v1alpha ({@link GrpcReflection}), which lists every service routed here.
 */
public final class OperationsServices {
    private OperationsServices() {
    }

    /** Adds health and reflection to {@code routing}, which already has the inference and vision services. */
    public static void add(GrpcRouting.Builder routing, ModelRegistry registry) {
        List<String> served = List.of(GRPCInferenceServiceGrpc.SERVICE_NAME, EdgeVisionGrpc.SERVICE_NAME);
        GrpcReflection v1 = new GrpcReflection(List.of(GRPCInferenceServiceGrpc.getServiceDescriptor(),
                EdgeVisionGrpc.getServiceDescriptor(), HealthGrpc.getServiceDescriptor(),
                io.grpc.reflection.v1.ServerReflectionGrpc.getServiceDescriptor(),
                io.grpc.reflection.v1alpha.ServerReflectionGrpc.getServiceDescriptor()));
        routing.service(GrpcHealth.of(registry, served)).service(v1).service(new GrpcReflectionV1Alpha(v1));
    }
}
