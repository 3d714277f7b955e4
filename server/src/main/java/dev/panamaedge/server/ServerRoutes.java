package dev.panamaedge.server;

import dev.panamaedge.server.grpc.AliasingMarshaller;
import dev.panamaedge.server.grpc.InferenceGrpc;
import dev.panamaedge.server.grpc.MessageSizeLimit;
import dev.panamaedge.server.grpc.OperationsServices;
import dev.panamaedge.server.grpc.UncompressedRequestsOnly;
import dev.panamaedge.server.grpc.VisionGrpc;
import dev.panamaedge.server.kserve.ClassifyHttp;
import dev.panamaedge.server.kserve.KServeHttp;
import dev.panamaedge.server.kserve.TritonHttp;
import dev.panamaedge.server.security.RequestGuard;
import dev.panamaedge.server.shutdown.Drain;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;

/**
 * The server's routes, shared by {@link ServerMain} and the tests (STYLE §2.8): KServe v2 over HTTP,
 * classification, the web page, {@code /metrics}; and the two gRPC services. HTTP and gRPC share one port.
 */
public final class ServerRoutes {
    private ServerRoutes() {
    }

    /** HTTP routes with default {@link Limits}. */
    public static void http(HttpRouting.Builder routing, ModelRegistry registry) {
        http(routing, registry, Limits.defaults());
    }

    /** HTTP routes behind the guard of a loopback server with default settings, the repository extension allowed. */
    public static void http(HttpRouting.Builder routing, ModelRegistry registry, Limits limits) {
        http(routing, registry, limits, RepositoryAccess.allowed(), RequestGuard.loopbackDefault());
    }

    /** HTTP routes behind {@code guard} and a loopback server's default guard. */
    public static void http(HttpRouting.Builder routing, ModelRegistry registry, Limits limits,
                            RepositoryAccess repositoryAccess) {
        http(routing, registry, limits, repositoryAccess, RequestGuard.loopbackDefault());
    }

    /** HTTP routes behind {@code guard}, the repository extension allowed. */
    public static void http(HttpRouting.Builder routing, ModelRegistry registry, Limits limits, RequestGuard guard) {
        http(routing, registry, limits, RepositoryAccess.allowed(), guard);
    }

    /**
     * HTTP routes behind {@code guard} (Host/Origin checks, authentication), which runs before every route; the
     * repository extension as {@code repositoryAccess} says.
     */
    public static void http(HttpRouting.Builder routing, ModelRegistry registry, Limits limits,
                            RepositoryAccess repositoryAccess, RequestGuard guard) {
        guard.install(routing);
        Inference inference = new Inference(registry, limits.maxImagePixels(), limits.memory().working());
        Metrics metrics = registry.metrics();
        routing.addFilter((chain, req, res) -> {
            long start = System.nanoTime();
            try {
                chain.proceed();
            } finally {
                metrics.request("http", endpoint(req.path().path()), Integer.toString(res.status().code()),
                        System.nanoTime() - start);
            }
        });
        TritonHttp.routes(routing, registry, limits, repositoryAccess); // before KServe's /v2/models/{model}
        KServeHttp.routes(routing, inference, limits);
        ClassifyHttp.routes(routing, inference, limits);
        routing.get("/metrics", (req, res) -> {
            ExpositionFormat format = ExpositionFormat.forAccept(req.headers().value(HeaderNames.ACCEPT).orElse(""));
            res.header(HeaderNames.CONTENT_TYPE, format.contentType());
            res.send(metrics.render(format));
        });
        WebPage.routes(routing, registry);
        routing.any((req, res) -> {
            res.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send("{\"error\":" + Json.quote("no route for " + req.prologue().method().text() + " "
                    + req.path().path()) + "}");
        });
    }

    /**
     * Helidon's gRPC read-buffer cap for a request limit: above the limit (so {@link MessageSizeLimit}
     * answers RESOURCE_EXHAUSTED) but bounded, as a memory ceiling.
     */
    public static int grpcReadBufferBytes(Limits limits) {
        return (int) Math.min(Integer.MAX_VALUE - 8, limits.maxRequestBytes() * 2 + (1 << 20));
    }

    /** gRPC services with default {@link Limits}. */
    public static void grpc(GrpcRouting.Builder routing, ModelRegistry registry) {
        grpc(routing, registry, Limits.defaults());
    }

    public static void grpc(GrpcRouting.Builder routing, ModelRegistry registry, Limits limits) {
        grpc(routing, registry, limits, RepositoryAccess.allowed());
    }

    public static void grpc(GrpcRouting.Builder routing, ModelRegistry registry, Limits limits,
                            RepositoryAccess repositoryAccess) {
        grpc(routing, registry, limits, repositoryAccess, new Drain());
    }

    /** @param drain the server's, which ends camera streams at shutdown */
    public static void grpc(GrpcRouting.Builder routing, ModelRegistry registry, Limits limits,
                            RepositoryAccess repositoryAccess, Drain drain) {
        Inference inference = new Inference(registry, limits.maxImagePixels(), limits.memory().working());
        routing.intercept(new UncompressedRequestsOnly()).intercept(new MessageSizeLimit(limits.maxRequestBytes()))
                .service(AliasingMarshaller.requestsOf(new InferenceGrpc(inference, limits, repositoryAccess)))
                .service(AliasingMarshaller.requestsOf(new VisionGrpc(inference, drain)));
        OperationsServices.add(routing, registry);
    }

    /** A bounded label for the metrics: the route kind, never the raw path (which clients control). */
    static String endpoint(String path) {
        if (path.endsWith("/infer")) {
            return "infer";
        }
        if (path.endsWith("/classify")) {
            return "classify";
        }
        if (path.startsWith("/v2/repository/")) {
            return "repository";
        }
        if (path.startsWith("/v2/health")) {
            return "health";
        }
        if (path.endsWith("/ready")) {
            return "model_ready";
        }
        if (path.startsWith("/v2")) {
            return "metadata";
        }
        if (path.equals("/metrics")) {
            return "metrics";
        }
        return path.equals("/") || path.equals("/index.html") ? "page" : "other";
    }
}
