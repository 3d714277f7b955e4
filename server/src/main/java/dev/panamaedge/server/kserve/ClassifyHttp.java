package dev.panamaedge.server.kserve;

import dev.panamaedge.runtime.image.Prediction;
import dev.panamaedge.server.ImageInput;
import dev.panamaedge.server.Inference;
import dev.panamaedge.server.Json;
import dev.panamaedge.server.Limits;
import dev.panamaedge.server.MemoryBudget;
import dev.panamaedge.server.RequestBodies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v2/models/{m}[/versions/{v}]/classify}: an encoded image (raw body or multipart upload) or a raw
 * camera frame ({@link RawFrameBody}) in, top-k labels with probabilities and timings out. {@code ?top_k=N} picks
 * how many (default 5).
 */
public final class ClassifyHttp {
    private final Inference inference;
    private final Limits limits;

    private ClassifyHttp(Inference inference, Limits limits) {
        this.inference = inference;
        this.limits = limits;
    }

    public static void routes(HttpRouting.Builder routing, Inference inference, Limits limits) {
        ClassifyHttp c = new ClassifyHttp(inference, limits);
        routing.post("/v2/models/{model}/classify", c::classify)
                .post("/v2/models/{model}/versions/{version}/classify", c::classify);
    }

    private void classify(ServerRequest req, ServerResponse res) {
        KServeHttp.handle(res, () -> {
            long start = System.nanoTime();
            String model = req.path().pathParameters().get("model");
            EarlyAdmission.check(inference.registry().resolve(model, KServeHttp.version(req)), req, res);
            int k = topK(req.query().first("top_k").asOptional());
            Inference.Classified c;
            try (MemoryBudget.Lease bodyLease = RequestBodies.reserve(req, limits)) { // decoding reserves its own
                byte[] body = RequestBodies.read(req, limits);
                bodyLease.shrinkTo(body.length);
                String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
                ImageInput image = RawFrameBody.parse(type, req.query(), body).<ImageInput>map(ImageInput.Raw::new)
                        .orElseGet(() -> new ImageInput.Encoded(type.toLowerCase(Locale.ROOT)
                                .startsWith("multipart/form-data") ? MultipartImage.extract(body, type) : body));
                c = inference.classify(model, KServeHttp.version(req), image, k);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model_name", c.model());
            out.put("model_version", c.version());
            out.put("predictions", c.top().stream().map(ClassifyHttp::prediction).toList());
            Map<String, Object> timings = new LinkedHashMap<>();
            timings.put("decode_ms", c.decodeNanos() / 1e6);
            timings.put("preprocess_ms", (c.decodeNanos() + c.preprocessNanos()) / 1e6);
            timings.put("inference_ms", c.inferenceNanos() / 1e6);
            timings.put("total_ms", (System.nanoTime() - start) / 1e6);
            out.put("timings", timings);
            KServeHttp.json(res, Status.OK_200, Json.MAPPER.writeValueAsString(out));
        });
    }

    private static Map<String, Object> prediction(Prediction p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", p.index());
        m.put("label", p.label());
        m.put("probability", p.probability());
        return m;
    }

    private static int topK(Optional<String> q) {
        if (q.isEmpty()) {
            return 5;
        }
        try {
            return Integer.parseInt(q.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("top_k must be an integer, got '" + q.get() + "'", e);
        }
    }
}
