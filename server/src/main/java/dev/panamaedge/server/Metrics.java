package dev.panamaedge.server;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The server's Prometheus metrics, rendered at {@code /metrics} in text exposition format 0.0.4, or OpenMetrics
 * when the scraper asks for it ({@link ExpositionFormat}), with the process and JVM families of
 * {@link ProcessMetrics} after the server's own.
 *
 * <p>Hand-written rather than a metrics library: a dozen series, no extra dependency, and the names stay
 * exactly what the README documents. Gauges for queue depth and in-flight requests are read from the live
 * models at scrape time, so they never drift from the truth.
 */
public final class Metrics {
    private final ConcurrentMap<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Histogram> requestLatency = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Histogram> inferenceTime = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Histogram> queueWait = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Histogram> decodeTime = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Histogram> preprocessTime = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Histogram> batchSize = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Histogram> batchWait = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> shadowRuns = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> shadowAgreements = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> shadowSkipped = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Histogram> shadowDelta = new ConcurrentHashMap<>();
    private final LongAdder framesDropped = new LongAdder();
    private final LongAdder reloads = new LongAdder();
    private volatile Supplier<List<ModelGauges>> gauges = List::of;
    private volatile RequestMemory memory;

    /** Live per-model values read at scrape time. */
    public record ModelGauges(String model, String version, int queueDepth, int inFlight, boolean ready) {
    }

    /** Lets the registry publish its models' gauges. */
    void gauges(Supplier<List<ModelGauges>> source) {
        this.gauges = source;
    }

    /** Lets the server publish its memory budgets (RequestMemory): size, reserved now, refusals. */
    public void memory(RequestMemory budgets) {
        this.memory = budgets;
    }

    /** One finished request: {@code code} is the HTTP status, or the gRPC code name. */
    public void request(String protocol, String endpoint, String code, long nanos) {
        requests.computeIfAbsent(labels("protocol", protocol, "endpoint", endpoint), k -> new LongAdder()).increment();
        if (!code.equals("200") && !code.equals("OK")) {
            errors.computeIfAbsent(labels("protocol", protocol, "code", code), k -> new LongAdder()).increment();
        }
        requestLatency.computeIfAbsent(labels("protocol", protocol, "endpoint", endpoint),
                k -> new Histogram(Histogram.LATENCY_SECONDS)).observe(nanos / 1e9);
    }

    void inference(String model, String version, long nanos) {
        observePerModel(inferenceTime, model, version, nanos);
    }

    /** Time an admitted request waited for an inference slot (the queue's share of the request latency). */
    void queueWait(String model, String version, long nanos) {
        observePerModel(queueWait, model, version, nanos);
    }

    /** Time to decode an encoded image, or convert a raw frame, to RGB pixels. */
    void decode(String model, String version, long nanos) {
        observePerModel(decodeTime, model, version, nanos);
    }

    /** Time to turn RGB pixels into the model's input tensor (resize, crop, normalise). */
    void preprocess(String model, String version, long nanos) {
        observePerModel(preprocessTime, model, version, nanos);
    }

    /** Rows of one inference the batcher started. */
    void batchSize(String model, String version, int rows) {
        batchSize.computeIfAbsent(labels("model", model, "version", version), k -> new Histogram(BATCH_SIZES)).observe(rows);
    }

    /** How long one request waited for its batch to start. */
    void batchWait(String model, String version, long nanos) {
        observePerModel(batchWait, model, version, nanos);
    }

    private static final double[] BATCH_SIZES = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64};

    private static void observePerModel(ConcurrentMap<String, Histogram> family, String model, String version,
                                        long nanos) {
        family.computeIfAbsent(labels("model", model, "version", version), k -> new Histogram(Histogram.LATENCY_SECONDS))
                .observe(nanos / 1e9);
    }

    void shadow(String model, String version, boolean topOneAgrees, double maxAbsLogitDelta) {
        String l = labels("model", model, "version", version);
        shadowRuns.computeIfAbsent(l, k -> new LongAdder()).increment();
        if (topOneAgrees) {
            shadowAgreements.computeIfAbsent(l, k -> new LongAdder()).increment();
        }
        shadowDelta.computeIfAbsent(l, k -> new Histogram(Histogram.LOGIT_DELTA)).observe(maxAbsLogitDelta);
    }

    void shadowSkipped(String model, String version) {
        shadowSkipped.computeIfAbsent(labels("model", model, "version", version), k -> new LongAdder()).increment();
    }

    public void framesDropped(long n) {
        framesDropped.add(n);
    }

    void reloaded() {
        reloads.increment();
    }

    /** The exposition text in Prometheus' text format 0.0.4. */
    public String render() {
        return render(ExpositionFormat.PROMETHEUS_TEXT);
    }

    /** The exposition text in {@code format}. */
    String render(ExpositionFormat format) {
        StringBuilder out = new StringBuilder(8192);
        counter(out, format, "edge_requests_total", "Requests answered, by protocol and endpoint.", requests);
        counter(out, format, "edge_request_errors_total", "Requests answered with an error, by protocol and code.", errors);
        histograms(out, format, "edge_request_latency_seconds", "Request latency from parse to reply.", requestLatency);
        histograms(out, format, "edge_inference_seconds", "Engine time per inference.", inferenceTime);
        histograms(out, format, "edge_queue_wait_seconds", "Time admitted requests waited for an inference slot.", queueWait);
        histograms(out, format, "edge_decode_seconds", "Time to decode an image or convert a raw frame to RGB.", decodeTime);
        histograms(out, format, "edge_preprocess_seconds", "Time to resize, crop and normalise an image into the input tensor.",
                preprocessTime);
        histograms(out, format, "edge_batch_size", "Rows per inference the dynamic batcher started.", batchSize);
        histograms(out, format, "edge_batch_wait_seconds", "Time a request waited in the dynamic batcher for its batch.",
                batchWait);
        List<ModelGauges> models = gauges.get();
        format.header(out, "edge_queue_depth", "gauge", "Requests admitted and waiting for an inference slot.");
        for (ModelGauges g : models) {
            out.append("edge_queue_depth{").append(labels("model", g.model(), "version", g.version())).append("} ")
                    .append(g.queueDepth()).append('\n');
        }
        format.header(out, "edge_in_flight", "gauge", "Inferences running now.");
        for (ModelGauges g : models) {
            out.append("edge_in_flight{").append(labels("model", g.model(), "version", g.version())).append("} ")
                    .append(g.inFlight()).append('\n');
        }
        format.header(out, "edge_model_ready", "gauge", "1 when the model version is compiled and serving.");
        for (ModelGauges g : models) {
            out.append("edge_model_ready{").append(labels("model", g.model(), "version", g.version())).append("} ")
                    .append(g.ready() ? 1 : 0).append('\n');
        }
        counter(out, format, "edge_shadow_runs_total", "Live requests re-run on the reference engine.", shadowRuns);
        counter(out, format, "edge_shadow_agreements_total", "Shadow runs whose top-1 class matched.", shadowAgreements);
        counter(out, format, "edge_shadow_skipped_total", "Sampled requests not shadowed because the shadow queue was full.",
                shadowSkipped);
        histograms(out, format, "edge_shadow_abs_logit_delta", "Max |Δlogit| between the engine and the reference.",
                shadowDelta);
        format.header(out, "edge_stream_frames_dropped_total", "counter", "Camera frames dropped for newer ones.");
        out.append("edge_stream_frames_dropped_total ").append(framesDropped.sum()).append('\n');
        format.header(out, "edge_model_reloads_total", "counter", "Model versions loaded by a repository reload.");
        out.append("edge_model_reloads_total ").append(reloads.sum()).append('\n');
        RequestMemory budgets = memory;
        if (budgets != null) {
            perBudget(out, format, "edge_memory_budget_bytes", "gauge",
                    "Heap that requests may hold at once: bodies in flight, or decodes and JSON parses (working).",
                    budgets, MemoryBudget::bytes);
            perBudget(out, format, "edge_memory_reserved_bytes", "gauge", "Heap of a memory budget reserved now.",
                    budgets, MemoryBudget::reservedBytes);
            perBudget(out, format, "edge_memory_refusals_total", "counter",
                    "Requests refused because a memory budget was busy (503) or too small for them (413).",
                    budgets, MemoryBudget::refusals);
        }
        ProcessMetrics.render(out, format);
        format.end(out);
        return out.toString();
    }

    private static void counter(StringBuilder out, ExpositionFormat format, String name, String help,
                                Map<String, LongAdder> series) {
        format.header(out, name, "counter", help);
        new TreeMap<>(series).forEach((l, v) -> out.append(name).append('{').append(l).append("} ")
                .append(v.sum()).append('\n'));
    }

    /** One series per budget, {@code budget="bodies"} then {@code budget="working"}. */
    private static void perBudget(StringBuilder out, ExpositionFormat format, String name, String type, String help,
                                  RequestMemory budgets, ToLongFunction<MemoryBudget> value) {
        format.header(out, name, type, help);
        out.append(name).append("{budget=\"bodies\"} ").append(value.applyAsLong(budgets.bodies())).append('\n');
        out.append(name).append("{budget=\"working\"} ").append(value.applyAsLong(budgets.working())).append('\n');
    }

    private static void histograms(StringBuilder out, ExpositionFormat format, String name, String help,
                                   Map<String, Histogram> series) {
        format.header(out, name, "histogram", help);
        new TreeMap<>(series).forEach((l, h) -> h.render(out, name, l));
    }

    private static String labels(String... kv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append(kv[i]).append("=\"").append(kv[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        return b.toString();
    }
}
