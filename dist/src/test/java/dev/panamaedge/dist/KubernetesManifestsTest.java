package dev.panamaedge.dist;

import static dev.panamaedge.dist.Manifests.at;
import static dev.panamaedge.dist.Manifests.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ModelStore;
import dev.panamaedge.models.mobilenet.MobileNetV2Spec;
import dev.panamaedge.server.Engines;
import dev.panamaedge.server.ServerConfig;
import dev.panamaedge.server.ServerMain;
import dev.panamaedge.tools.dist.OciImage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes against the server itself: every port, path and probe of the Deployment, Service,
 * ServingRuntime and InferenceService agrees with the configuration the server reads (the ConfigMap's file through
 * {@link ServerConfig}, the runtime's flags through the same keys) and with the image, and a server started from
 * that configuration answers every probe the manifests declare.
 */
final class KubernetesManifestsTest {
    private static final Path DEPLOY = Path.of(System.getProperty("edge.project.dir", "..")).resolve("deploy/kubernetes");
    private static final MobileNetV2Spec SMALL = new MobileNetV2Spec(0.35, 96, 1000);

    @Test
    void theDeploymentServesTheConfigMapsPortAndEveryProbeAnswers(@TempDir Path tmp) throws Exception {
        var manifests = Manifests.load(DEPLOY.resolve("panama-edge.yaml"));
        Map<String, Object> pod = at(manifests.one("Deployment"), "spec.template.spec");
        Map<String, Object> container = maps(pod.get("containers"), "containers").getFirst();

        // The configuration file is the ConfigMap's key, mounted where the container's --config says.
        List<String> args = strings(container.get("args"));
        assertEquals("--config", args.get(0));
        Path configPath = Path.of(args.get(1));
        Map<String, Object> mount = maps(container.get("volumeMounts"), "volumeMounts").stream()
                .filter(m -> configPath.getParent().toString().equals(m.get("mountPath"))).findFirst().orElseThrow();
        Map<String, Object> volume = maps(pod.get("volumes"), "volumes").stream()
                .filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
        Map<String, Object> configMap = manifests.one("ConfigMap");
        assertEquals(Manifests.<Object>at(configMap, "metadata.name"), Manifests.<Object>at(volume, "configMap.name"));
        Map<String, Object> data = at(configMap, "data");
        Path file = Files.writeString(tmp.resolve("edge.yaml"), (String) data.get(configPath.getFileName().toString()));
        ServerConfig config = ServerConfig.load(Optional.of(file), Map.of(), Map.of());
        assertEquals("0.0.0.0", config.host(), "a pod listens on every interface");

        Map<String, Object> port = maps(container.get("ports"), "ports").getFirst();
        assertEquals(config.port(), port.get("containerPort"));
        assertEquals(OciImage.PORT, config.port(), "the image exposes the port the config serves");
        var probes = new ArrayList<String>();
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            Map<String, Object> get = at(container, probe + ".httpGet");
            assertEquals(config.port(), resolvePort(get.get("port"), container), probe);
            probes.add((String) get.get("path"));
        }
        assertEquals(List.of("/v2/health/ready", "/v2/health/live"), probes);
        assertEquals((Object) config.port(), Manifests.<Object>at(container, "startupProbe.grpc.port"), "the gRPC probe asks the server's port");

        // Guaranteed QoS with whole CPUs: what the static CPU manager pins.
        Map<String, Object> requests = at(container, "resources.requests");
        assertEquals(requests, at(container, "resources.limits"));
        assertTrue(String.valueOf(requests.get("cpu")).matches("[1-9][0-9]*"), "whole CPUs: " + requests);
        assertTrue(config.drainMillis() < 1000L * ((Integer) pod.get("terminationGracePeriodSeconds")),
                "in-flight requests drain before the kubelet kills the pod");
        // The state volume is where the image keeps its model store.
        assertTrue(maps(container.get("volumeMounts"), "volumeMounts").stream()
                .anyMatch(m -> OciImage.STATE_DIR.equals(m.get("mountPath"))), "a volume at " + OciImage.STATE_DIR);

        Map<String, Object> service = manifests.one("Service");
        Map<String, Object> servicePort = maps(at(service, "spec.ports"), "ports").getFirst();
        assertEquals(config.port(), resolvePort(servicePort.get("targetPort"), container));
        assertEquals(Manifests.<Object>at(manifests.one("Deployment"), "spec.selector.matchLabels"), Manifests.<Object>at(service, "spec.selector"));

        // The server as the ConfigMap configures it (on a free port and a small model) answers every probe.
        Path model = new ModelStore(tmp.resolve("store")).ensureMobileNetV2(SMALL, 7);
        ServerConfig running = ServerConfig.load(Optional.of(file), Map.of(),
                Map.of("port", "0", "host", "127.0.0.1", "model", model.toString(), "model-name", "mobilenet_v2"));
        try (ServerMain server = ServerMain.start(running, new Engines(), List::of)) {
            assertTrue(server.registry().awaitLoaded(120_000) && server.registry().isReady());
            for (String path : probes) {
                assertEquals(200, ServedPhotos.status(server.port(), path), path);
            }
        }
    }

    @Test
    void theDeploymentsGrpcProbeGetsServingOnceTheModelIsLoaded(@TempDir Path tmp) throws Exception {
        Map<String, Object> pod = at(Manifests.load(DEPLOY.resolve("panama-edge.yaml")).one("Deployment"),
                "spec.template.spec");
        Map<String, Object> probe = at(maps(pod.get("containers"), "containers").getFirst(), "startupProbe.grpc");
        assertTrue(!probe.containsKey("service") || "".equals(probe.get("service")), "the whole server: " + probe);
        Path model = new ModelStore(tmp.resolve("store")).ensureMobileNetV2(SMALL, 7);
        ServerConfig running = ServerConfig.load(Optional.empty(), Map.of(),
                Map.of("port", "0", "model", model.toString(), "model-name", "mobilenet_v2"));
        try (ServerMain server = ServerMain.start(running, new Engines(), List::of)) {
            assertTrue(server.registry().awaitLoaded(120_000) && server.registry().isReady());
            assertEquals(HealthCheckResponse.ServingStatus.SERVING, grpcHealth(server.port()));
        }
    }

    @Test
    void theServingRuntimeFlagsAreServerSettingsAndItsProbesAnswer(@TempDir Path tmp) throws Exception {
        var manifests = Manifests.load(DEPLOY.resolve("kserve.yaml"));
        Map<String, Object> runtime = manifests.one("ServingRuntime");
        assertTrue(strings(at(runtime, "spec.protocolVersions")).contains("v2"));
        Map<String, Object> container = maps(at(runtime, "spec.containers"), "containers").getFirst();
        assertEquals("kserve-container", container.get("name"));
        Map<String, String> flags = new LinkedHashMap<>();
        for (String arg : strings(container.get("args"))) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            flags.put(kv[0], kv[1]);
        }
        assertEquals("/mnt/models", flags.get("repository"), "KServe's storage initializer writes /mnt/models");
        ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), flags); // unknown keys would throw
        // KServe routes v2 traffic to the runtime's container port: the one the server listens on.
        assertEquals(config.port(), maps(container.get("ports"), "ports").getFirst().get("containerPort"));
        assertEquals("0.0.0.0", config.host());
        List<String> probes = new ArrayList<>();
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            assertEquals((Object) config.port(), Manifests.<Object>at(container, probe + ".httpGet.port"), probe);
            probes.add(at(container, probe + ".httpGet.path"));
        }
        Map<String, Object> requests = at(container, "resources.requests");
        assertEquals(requests, at(container, "resources.limits"));

        Map<String, Object> isvc = manifests.one("InferenceService");
        assertEquals("v2", at(isvc, "spec.predictor.model.protocolVersion"));
        assertEquals(Manifests.<Object>at(runtime, "metadata.name"), Manifests.<Object>at(isvc, "spec.predictor.model.runtime"));
        String format = at(isvc, "spec.predictor.model.modelFormat.name");
        assertTrue(maps(at(runtime, "spec.supportedModelFormats"), "formats").stream()
                .anyMatch(f -> format.equals(f.get("name"))), format);

        // The runtime's flags with the repository KServe would fill, on a free port.
        Path repository = tmp.resolve("mnt-models");
        Path version = Files.createDirectories(repository.resolve("mobilenet_v2/1"));
        Path model = new ModelStore(tmp.resolve("store")).ensureMobileNetV2(SMALL, 7).getParent();
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, version.resolve(f.getFileName()));
            }
        }
        Map<String, String> local = new HashMap<>(flags);
        local.putAll(Map.of("repository", repository.toString(), "port", "0", "host", "127.0.0.1"));
        try (ServerMain server = ServerMain.start(ServerConfig.load(Optional.empty(), Map.of(), local), new Engines(),
                List::of)) {
            assertTrue(server.registry().awaitLoaded(120_000) && server.registry().isReady());
            for (String path : probes) {
                assertEquals(200, ServedPhotos.status(server.port(), path), path);
            }
            assertEquals(200, ServedPhotos.status(server.port(), "/v2/models/mobilenet_v2/ready"));
        }
    }

    /** grpc.health.v1.Health/Check for the whole server, as the kubelet's gRPC probe sends it. */
    private static HealthCheckResponse.ServingStatus grpcHealth(int port) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService("").build()).getStatus();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A probe's or Service's port: a number, or the name of one of the container's ports. */
    private static Object resolvePort(Object port, Map<String, Object> container) {
        if (port instanceof Integer) {
            return port;
        }
        return maps(container.get("ports"), "ports").stream().filter(p -> port.equals(p.get("name")))
                .findFirst().map(p -> p.get("containerPort")).orElseThrow(() -> new AssertionError("no port " + port));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object node) {
        return (List<String>) node;
    }
}
