package dev.panamaedge.server.kserve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.server.ErrorMapping;
import dev.panamaedge.server.Inference;
import dev.panamaedge.server.Json;
import dev.panamaedge.server.Limits;
import dev.panamaedge.server.MemoryBudget;
import dev.panamaedge.server.ModelCard;
import dev.panamaedge.server.ModelRegistry;
import dev.panamaedge.server.RequestBodies;
import dev.panamaedge.server.ServedModel;
import dev.panamaedge.server.WireTensor;
import dev.panamaedge.server.WireType;
import dev.panamaedge.server.triton.TopKClassification;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KServe v2 / Open Inference Protocol over HTTP: health, server and model metadata, readiness and
 * inference with JSON tensors and the binary tensor data extension. Handlers parse, delegate to
 * {@link Inference} and map errors through {@link ErrorMapping}; nothing more.
 */
public final class KServeHttp {
    /** Binary extension: length of the JSON header that precedes the binary tensor data. */
    public static final HeaderName HEADER_LENGTH = HeaderNames.create("Inference-Header-Content-Length");
    static final String SERVER_NAME = "panama-edge";
    static final String SERVER_VERSION = "0.1.0";

    private final Inference inference;
    private final ModelRegistry registry;
    private final Limits limits;

    private KServeHttp(Inference inference, Limits limits) {
        this.inference = inference;
        this.registry = inference.registry();
        this.limits = limits;
    }

    /** Adds the KServe v2 routes. */
    public static void routes(HttpRouting.Builder routing, Inference inference, Limits limits) {
        KServeHttp k = new KServeHttp(inference, limits);
        routing.get("/v2", k::serverMetadata)
                .get("/v2/health/live", (req, res) -> json(res, Status.OK_200, "{\"live\":true}"))
                .get("/v2/health/ready", k::serverReady)
                .get("/v2/models/{model}", k::modelMetadata)
                .get("/v2/models/{model}/versions/{version}", k::modelMetadata)
                .get("/v2/models/{model}/ready", k::modelReady)
                .get("/v2/models/{model}/versions/{version}/ready", k::modelReady)
                .post("/v2/models/{model}/infer", k::infer)
                .post("/v2/models/{model}/versions/{version}/infer", k::infer);
    }

    private void serverMetadata(ServerRequest req, ServerResponse res) {
        json(res, Status.OK_200, "{\"name\":\"" + SERVER_NAME + "\",\"version\":\"" + SERVER_VERSION
                + "\",\"extensions\":[\"binary_tensor_data\",\"classification\",\"model_configuration\",\"statistics\","
                + "\"model_repository\"]}");
    }

    private void serverReady(ServerRequest req, ServerResponse res) {
        boolean ready = registry.isReady();
        json(res, ready ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, "{\"ready\":" + ready + "}");
    }

    private void modelReady(ServerRequest req, ServerResponse res) {
        handle(res, () -> {
            String model = req.path().pathParameters().get("model");
            boolean ready = registry.isReady(model, version(req));
            json(res, ready ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                    "{\"name\":" + Json.quote(model) + ",\"ready\":" + ready + "}");
        });
    }

    private void modelMetadata(ServerRequest req, ServerResponse res) {
        handle(res, () -> {
            String model = req.path().pathParameters().get("model");
            ServedModel m = registry.resolve(model, version(req));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", m.name());
            body.put("versions", registry.versions(m.name()));
            body.put("platform", "openvino_ir");
            body.put("inputs", m.inputs().stream().map(KServeHttp::tensorMetadata).toList());
            body.put("outputs", m.outputs().stream().map(KServeHttp::tensorMetadata).toList());
            if (m.card().untrained()) {
                // KServe v2 allows extension fields; a client sees the weights are not a real classifier.
                Map<String, Object> parameters = new LinkedHashMap<>();
                parameters.put("weights", ModelCard.UNTRAINED_WEIGHTS);
                parameters.put("real_weights", dev.panamaedge.models.ModelStore.PRETRAINED_COMMAND);
                body.put("parameters", parameters);
            }
            json(res, Status.OK_200, Json.MAPPER.writeValueAsString(body));
        });
    }

    private static Map<String, Object> tensorMetadata(TensorSpec s) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", s.name());
        t.put("datatype", WireType.of(s.type()).name());
        t.put("shape", s.dims());
        return t;
    }

    private void infer(ServerRequest req, ServerResponse res) {
        handle(res, () -> {
            String model = req.path().pathParameters().get("model");
            // an unknown model is a 404, a full queue a 503, before the body is even read
            EarlyAdmission.check(registry.resolve(model, version(req)), req, res);
            // the body's bytes, then the parse's, are reserved from the process's memory budgets for as long as
            // the request holds them (RequestMemory)
            try (MemoryBudget.Lease bodyLease = RequestBodies.reserve(req, limits)) {
                byte[] body = RequestBodies.read(req, limits);
                bodyLease.shrinkTo(body.length);
                int jsonLength = headerLength(req, body.length);
                try (MemoryBudget.Lease parseLease = limits.memory().working().reserve(
                        JsonHeapCost.of(body, jsonLength), "parsing this " + jsonLength + "-byte JSON request")) {
                    InferenceRequest request = parse(body, jsonLength);
                    checkNames(request, model, version(req));
                    List<WireTensor> inputs = BinaryTensors.inputs(request, body, jsonLength);
                    List<String> requested = request.outputs() == null ? List.of()
                            : request.outputs().stream().map(RequestOutput::name).toList();
                    Map<String, Long> classify = classification(request); // a bad value is a 400 before the model runs
                    Inference.Result result = inference.infer(model, version(req), inputs, requested);
                    write(res, request, classify, result);
                }
            }
        });
    }

    /** The SDK's {@code model_name} / {@code model_version}, when sent, must agree with the path. */
    private static void checkNames(InferenceRequest request, String model, Optional<String> version) {
        if (request.modelName() != null && !request.modelName().equals(model)) {
            throw new IllegalArgumentException("model_name '" + request.modelName() + "' in the body differs from the "
                    + "model '" + model + "' of the path");
        }
        if (request.modelVersion() != null && !request.modelVersion().isEmpty() && version.isPresent()
                && !request.modelVersion().equals(version.get())) {
            throw new IllegalArgumentException("model_version '" + request.modelVersion() + "' in the body differs "
                    + "from the version '" + version.get() + "' of the path");
        }
    }

    private static int headerLength(ServerRequest req, int bodyLength) {
        Optional<String> h = req.headers().first(HEADER_LENGTH);
        if (h.isEmpty()) {
            return bodyLength;
        }
        try {
            int n = Integer.parseInt(h.get().trim());
            if (n < 0 || n > bodyLength) {
                throw new IllegalArgumentException(HEADER_LENGTH.defaultCase() + " is " + n + " but the body has "
                        + bodyLength + " bytes");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HEADER_LENGTH.defaultCase() + " must be an integer, got '" + h.get()
                    + "'", e);
        }
    }

    static InferenceRequest parse(byte[] body, int length) {
        if (length == 0) {
            throw new IllegalArgumentException("empty request body; expected a KServe v2 inference request");
        }
        try {
            InferenceRequest r = Json.MAPPER.readValue(body, 0, length, InferenceRequest.class);
            if (r == null || r.inputs() == null || r.inputs().isEmpty()) {
                throw new IllegalArgumentException("inference request has no inputs");
            }
            return r;
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("invalid inference request at " + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable request body: " + e.getMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** The requested outputs with Triton's {@code classification} parameter, and their class counts. */
    private static Map<String, Long> classification(InferenceRequest request) {
        Map<String, Long> classify = new LinkedHashMap<>();
        if (request.outputs() != null) {
            request.outputs().stream().filter(o -> o.parameters() != null
                    && o.parameters().containsKey(TopKClassification.PARAMETER)).forEach(o -> classify.put(o.name(),
                    TopKClassification.count(o.parameters().get(TopKClassification.PARAMETER), o.name())));
        }
        return classify;
    }

    private static void write(ServerResponse res, InferenceRequest request, Map<String, Long> classify,
                              Inference.Result result) throws IOException {
        boolean allBinary = BinaryTensors.flag(request.parameters(), "binary_data_output");
        Map<String, Boolean> perOutput = new LinkedHashMap<>();
        if (request.outputs() != null) {
            request.outputs().forEach(o -> perOutput.put(o.name(), BinaryTensors.flag(o.parameters(), "binary_data")));
        }
        List<ResponseOutput> outputs = new ArrayList<>();
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        for (Inference.Output o : result.outputs()) {
            boolean asBinary = perOutput.getOrDefault(o.name(), allBinary);
            outputs.add(classify.containsKey(o.name())
                    ? BinaryTensors.classes(o.name(), TopKClassification.of(o, classify.get(o.name()), result.labels()),
                    asBinary, binary)
                    : BinaryTensors.output(o, asBinary, binary));
        }
        byte[] header = Json.MAPPER.writeValueAsBytes(new InferenceResponse(result.model(), result.version(),
                request.id(), outputs));
        if (binary.size() == 0) {
            res.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(header);
            return;
        }
        byte[] all = new byte[header.length + binary.size()];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(binary.toByteArray(), 0, all, header.length, binary.size());
        res.status(Status.OK_200);
        res.header(HEADER_LENGTH, Integer.toString(header.length));
        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        res.send(all);
    }

    static Optional<String> version(ServerRequest req) {
        return req.path().pathParameters().first("version").asOptional();
    }

    static void json(ServerResponse res, Status status, String body) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body);
    }

    /** A handler body that may throw; every exception goes through {@link ErrorMapping}. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    static void handle(ServerResponse res, Body body) {
        try {
            body.run();
        } catch (Exception | StackOverflowError e) {
            ErrorMapping.Mapped m = ErrorMapping.map(e);
            json(res, Status.create(m.httpStatus()), m.json());
        }
    }
}
