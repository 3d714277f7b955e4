package dev.panamaedge.tools.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ratios between models in a multi-model {@code edge bench} run: for every engine and every pair of
 * models (later over earlier, in {@code --model} order), throughput and p50 latency. With
 * {@code --model fp32,int8,nncf} that gives INT8 over FP32, NNCF over FP32 and NNCF over ours.
 */
final class BenchRatios {
    private BenchRatios() {
    }

    /**
     * The ratios inside one model's results: native over benchmark_app, off-heap over heap input, native over
     * onnxruntime and over the reference (keys {@code nativeOverBenchmarkAppThroughput}, …).
     */
    static Map<String, Double> withinModel(Map<String, BenchResult> results) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        BenchResult nat = results.get(Engines.NATIVE);
        BenchResult ref = results.get(Engines.REFERENCE);
        BenchResult app = results.get(BenchCommand.BENCHMARK_APP);
        if (nat != null && app != null) {
            ratios.put("nativeOverBenchmarkAppThroughput", nat.imagesPerSecond() / app.imagesPerSecond());
            ratios.put("nativeOverBenchmarkAppLatencyP50", nat.latencyMillis().p50() / app.latencyMillis().p50());
        }
        BenchResult offheap = results.get(Engines.NATIVE + BenchCommand.OFFHEAP);
        if (offheap != null && app != null) {
            ratios.put("nativeOffheapOverBenchmarkAppThroughput", offheap.imagesPerSecond() / app.imagesPerSecond());
            ratios.put("nativeOffheapOverBenchmarkAppLatencyP50", offheap.latencyMillis().p50() / app.latencyMillis().p50());
        }
        if (offheap != null && nat != null) {
            ratios.put("nativeOffheapOverHeapThroughput", offheap.imagesPerSecond() / nat.imagesPerSecond());
            ratios.put("nativeOffheapOverHeapLatencyP50", offheap.latencyMillis().p50() / nat.latencyMillis().p50());
        }
        BenchResult ort = results.get(Engines.ONNXRUNTIME);
        if (nat != null && ort != null) {
            ratios.put("nativeOverOnnxRuntimeThroughput", nat.imagesPerSecond() / ort.imagesPerSecond());
            ratios.put("onnxRuntimeOverNativeLatencyP50", ort.latencyMillis().p50() / nat.latencyMillis().p50());
        }
        if (nat != null && ref != null) {
            ratios.put("referenceOverNativeLatencyP50", ref.latencyMillis().p50() / nat.latencyMillis().p50());
            ratios.put("nativeOverReferenceThroughput", nat.imagesPerSecond() / ref.imagesPerSecond());
        }
        return ratios;
    }

    /** Model names made unique for the report: a repeated name gets {@code #2}, {@code #3}, … */
    static List<String> distinctNames(List<String> names) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String n : names) {
            int k = seen.merge(n, 1, Integer::sum);
            out.add(k == 1 ? n : n + "#" + k);
        }
        return out;
    }

    /**
     * Keys {@code "<engine> throughput <B>/<A>"} (B's images/s over A's) and {@code "<engine> latencyP50 <B>/<A>"}
     * for every engine both models were measured on.
     *
     * @param models the distinct model names in run order
     * @param rows   every result, each labelled with its model
     */
    static Map<String, Double> betweenModels(List<String> models, List<BenchResult> rows) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> engines = rows.stream().map(BenchResult::engine).distinct().toList();
        for (String engine : engines) {
            for (int b = 1; b < models.size(); b++) {
                for (int a = 0; a < b; a++) {
                    BenchResult ra = find(rows, models.get(a), engine);
                    BenchResult rb = find(rows, models.get(b), engine);
                    if (ra == null || rb == null) {
                        continue;
                    }
                    String pair = models.get(b) + "/" + models.get(a);
                    out.put(engine + " throughput " + pair, rb.imagesPerSecond() / ra.imagesPerSecond());
                    out.put(engine + " latencyP50 " + pair, rb.latencyMillis().p50() / ra.latencyMillis().p50());
                }
            }
        }
        return out;
    }

    /**
     * Native over onnxruntime throughput for every pair of a native row and an onnxruntime row of the same round
     * ({@code A,B,A,B} gives rounds 1 and 2, told apart by the {@code #2} suffix): native INT8 over ONNX Runtime
     * FP32 and over ONNX Runtime INT8, with both engines measured side by side. Keys
     * {@code "native <A> over onnxruntime <B> throughput"}.
     */
    static Map<String, Double> nativeOverOnnxRuntime(List<BenchResult> rows) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (BenchResult n : rows) {
            if (!isNative(n.engine())) {
                continue;
            }
            for (BenchResult o : rows) {
                if (o.engine().equals(Engines.ONNXRUNTIME) && round(o.model()).equals(round(n.model()))) {
                    out.put(n.engine() + " " + n.model() + " over onnxruntime " + o.model() + " throughput",
                            n.imagesPerSecond() / o.imagesPerSecond());
                }
            }
        }
        return out;
    }

    /**
     * With several {@code --inference-precision}s: per model and engine, each later precision's throughput over
     * each earlier one's ({@code native@f32,native@default} gives the device default's speed-up over f32).
     * Keys {@code "<model> <engine>@<B> over @<A> throughput"}.
     */
    static Map<String, Double> betweenPrecisions(List<BenchResult> rows) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int b = 0; b < rows.size(); b++) {
            for (int a = 0; a < b; a++) {
                BenchResult ra = rows.get(a);
                BenchResult rb = rows.get(b);
                int at = ra.engine().indexOf('@');
                if (at > 0 && rb.engine().indexOf('@') == at && ra.engine().regionMatches(0, rb.engine(), 0, at + 1)
                        && java.util.Objects.equals(ra.model(), rb.model())) {
                    out.put((ra.model() == null ? "" : ra.model() + " ") + rb.engine() + " over "
                            + ra.engine().substring(at) + " throughput", rb.imagesPerSecond() / ra.imagesPerSecond());
                }
            }
        }
        return out;
    }

    /**
     * One precision's view of a model's results, for {@link #withinModel}: {@code native@f32} as {@code native}
     * (and {@code benchmark_app@f32} as {@code benchmark_app}) beside the rows that have no precision.
     */
    static Map<String, BenchResult> atPrecision(Map<String, BenchResult> results, String precision) {
        Map<String, BenchResult> out = new LinkedHashMap<>();
        String tag = "@" + precision;
        results.forEach((label, r) -> {
            if (label.contains(tag)) {
                out.put(label.replace(tag, ""), r);
            } else if (!label.contains("@")) {
                out.put(label, r);
            }
        });
        return out;
    }

    /** {@code native} itself or a {@code native@<precision>} row (not an off-heap row). */
    static boolean isNative(String engine) {
        String base = engine.contains("#") ? engine.substring(0, engine.indexOf('#')) : engine;
        return base.equals(Engines.NATIVE) || (base.startsWith(Engines.NATIVE + "@") && !base.endsWith(BenchCommand.OFFHEAP));
    }

    private static String round(String model) {
        int hash = model.lastIndexOf('#');
        return hash < 0 ? "1" : model.substring(hash + 1);
    }

    private static BenchResult find(List<BenchResult> rows, String model, String engine) {
        for (BenchResult r : rows) {
            if (model.equals(r.model()) && engine.equals(r.engine())) {
                return r;
            }
        }
        return null;
    }
}
