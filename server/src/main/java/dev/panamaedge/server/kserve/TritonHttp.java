package dev.panamaedge.server.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.server.Json;
import dev.panamaedge.server.Limits;
import dev.panamaedge.server.ModelRegistry;
import dev.panamaedge.server.RepositoryAccess;
import dev.panamaedge.server.RequestBodies;
import dev.panamaedge.server.triton.ModelRepositoryControl;
import dev.panamaedge.server.triton.TritonModelConfig;
import dev.panamaedge.server.triton.TritonStatistics;
import dev.panamaedge.server.triton.TritonJson;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Triton's HTTP extensions: model configuration ({@code GET /v2/models/{m}[/versions/{v}]/config}), statistics
 * ({@code GET /v2/models[/{m}[/versions/{v}]]/stats}) and the model repository ({@code POST /v2/repository/index},
 * {@code /v2/repository/models/{m}/load} and {@code /unload}). Registered before the KServe routes, so that
 * {@code /v2/models/stats} is not taken for a model named "stats".
 */
public final class TritonHttp {
    private final ModelRegistry registry;
    private final Limits limits;
    private final ModelRepositoryControl repository;

    private TritonHttp(ModelRegistry registry, Limits limits, RepositoryAccess access) {
        this.registry = registry;
        this.limits = limits;
        this.repository = new ModelRepositoryControl(registry, access);
    }

    public static void routes(HttpRouting.Builder routing, ModelRegistry registry, Limits limits,
                              RepositoryAccess access) {
        TritonHttp t = new TritonHttp(registry, limits, access);
        routing.get("/v2/models/stats", t::statistics)
                .get("/v2/models/{model}/stats", t::statistics)
                .get("/v2/models/{model}/versions/{version}/stats", t::statistics)
                .get("/v2/models/{model}/config", t::config)
                .get("/v2/models/{model}/versions/{version}/config", t::config)
                .post("/v2/repository/index", t::index)
                .post("/v2/repository/models/{model}/load", t::load)
                .post("/v2/repository/models/{model}/unload", t::unload);
    }

    private void config(ServerRequest req, ServerResponse res) {
        KServeHttp.handle(res, () -> {
            var config = TritonModelConfig.of(registry.resolve(model(req), KServeHttp.version(req)),
                    limits.maxRequestBytes());
            KServeHttp.json(res, Status.OK_200, Json.MAPPER.writeValueAsString(TritonJson.of(config)));
        });
    }

    private void statistics(ServerRequest req, ServerResponse res) {
        KServeHttp.handle(res, () -> {
            Optional<String> model = req.path().pathParameters().first("model").asOptional();
            var stats = TritonStatistics.of(registry, model, KServeHttp.version(req));
            KServeHttp.json(res, Status.OK_200, Json.MAPPER.writeValueAsString(TritonJson.of(stats)));
        });
    }

    private void index(ServerRequest req, ServerResponse res) {
        KServeHttp.handle(res, () -> {
            JsonNode body = body(req, Set.of("ready", "repository_name"));
            if (body.has("repository_name") && !body.get("repository_name").asText().isEmpty()) {
                throw new IllegalArgumentException("unknown repository_name " + body.get("repository_name")
                        + ": this server has one model repository");
            }
            boolean ready = body.path("ready").asBoolean(false);
            var index = repository.index(ready).stream().map(TritonJson::of).toList();
            KServeHttp.json(res, Status.OK_200, Json.MAPPER.writeValueAsString(index));
        });
    }

    private void load(ServerRequest req, ServerResponse res) {
        KServeHttp.handle(res, () -> {
            JsonNode body = body(req, Set.of("parameters"));
            repository.load(model(req), parameterNames(body));
            KServeHttp.json(res, Status.OK_200, "{}");
        });
    }

    private void unload(ServerRequest req, ServerResponse res) {
        KServeHttp.handle(res, () -> {
            JsonNode body = body(req, Set.of("parameters"));
            Map<String, Boolean> flags = new LinkedHashMap<>();
            body.path("parameters").properties().forEach(e -> flags.put(e.getKey(), e.getValue().asBoolean()));
            repository.unload(model(req), flags);
            KServeHttp.json(res, Status.OK_200, "{}");
        });
    }

    private static String model(ServerRequest req) {
        return req.path().pathParameters().get("model");
    }

    /** The request's JSON object (an empty body is an empty object); keys outside {@code known} are a 400. */
    private JsonNode body(ServerRequest req, Set<String> known) throws IOException {
        byte[] bytes = RequestBodies.read(req, limits.maxRequestBytes());
        if (bytes.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("request body must be a JSON object, got " + node.getNodeType());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String n = names.next();
            if (!known.contains(n)) {
                throw new IllegalArgumentException("unknown field '" + n + "'; known: " + known);
            }
        }
        if (node.has("parameters") && !node.get("parameters").isObject()) {
            throw new IllegalArgumentException("parameters must be a JSON object");
        }
        return node;
    }

    private static Set<String> parameterNames(JsonNode body) {
        Set<String> names = new LinkedHashSet<>();
        body.path("parameters").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
