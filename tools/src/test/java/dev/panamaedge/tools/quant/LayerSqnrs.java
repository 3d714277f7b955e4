package dev.panamaedge.tools.quant;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.reference.ReferenceEngine;
import dev.panamaedge.tools.report.LayerDivergence;
import dev.panamaedge.tools.report.ProbedLayers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-layer SQNR of INT8 models on OpenVINO (f32) against their FP32 model on the reference engine, as {@code edge
 * validate --baseline} measures it (signal and noise energies summed over the inputs, compute layers only), but
 * over the layers every compared model has, so two quantizers are summarised over the same layers and inputs.
 */
final class LayerSqnrs {
    private LayerSqnrs() {
    }

    /** One compared layer and where it runs: {@code position} of {@code of} compared layers, in execution order. */
    record Compared(String name, String type, double sqnrDb, int position, int of) {
    }

    /** One INT8 model's layers, worst first. */
    record Summary(String model, List<Compared> layers) {
        double median() {
            return OffGridQuantizationTest.median(layers.stream().mapToDouble(Compared::sqnrDb).toArray());
        }

        double min() {
            return layers.getFirst().sqnrDb();
        }

        @Override
        public String toString() {
            StringBuilder worst = new StringBuilder();
            for (Compared l : layers.subList(0, Math.min(3, layers.size()))) {
                worst.append(String.format(Locale.ROOT, "%s%s (%s, %d/%d) %.1f", worst.isEmpty() ? "" : ", ",
                        l.name(), l.type(), l.position(), l.of(), l.sqnrDb()));
            }
            return String.format(Locale.ROOT, "%s: %d layers, median %.1f dB, min %.1f dB; worst %s", model,
                    layers.size(), median(), min(), worst);
        }
    }

    /** Each of {@code int8} (name, model.xml) against {@code fp32} over {@code samples}, in the given order. */
    static List<Summary> measure(Path fp32, List<Map.Entry<String, Path>> int8, List<Tensor> samples)
            throws IOException {
        try (IrModel base = IrReader.read(fp32); ReferenceEngine ref = ReferenceEngine.load(base)) {
            String input = ref.inputs().getFirst().name();
            List<String> shared = null;
            Map<String, String> types = new HashMap<>();
            for (Path xml : int8.stream().map(Map.Entry::getValue).toList()) {
                try (IrModel m = IrReader.read(xml)) {
                    for (Layer l : m.layers()) {
                        types.putIfAbsent(l.name(), l.type());
                    }
                    List<String> names = m.layers().stream().filter(l -> LayerDivergence.COMPUTE_TYPES.contains(l.type()))
                            .map(Layer::name).toList();
                    shared = shared == null ? new ArrayList<>(names) : shared;
                    shared.retainAll(names);
                }
            }
            Map<String, LayerDivergence> sums = new LinkedHashMap<>();
            Map<String, ProbedLayers> probed = new LinkedHashMap<>();
            List<String> chosen = List.of();
            try {
                for (Tensor sample : samples) {
                    Map<String, float[]> b = ProbedLayers.floats(ref.runAllLayers(Map.of(input, sample)));
                    if (probed.isEmpty()) {
                        // In the FP32 model's execution order, which positions are reported in.
                        List<String> common = shared;
                        chosen = b.keySet().stream().filter(common::contains).toList();
                        for (var e : int8) {
                            probed.put(e.getKey(), ProbedLayers.compile(e.getValue(), chosen, CoralModels.f32Cpu()));
                            sums.put(e.getKey(), new LayerDivergence(types));
                        }
                    }
                    for (var e : probed.entrySet()) {
                        sums.get(e.getKey()).add(b, e.getValue().run(Map.of(input, sample)));
                    }
                }
            } finally {
                for (ProbedLayers p : probed.values()) {
                    p.close();
                }
            }
            List<Summary> out = new ArrayList<>();
            for (var e : sums.entrySet()) {
                List<Compared> layers = new ArrayList<>();
                for (var l : e.getValue().layers()) {
                    layers.add(new Compared(l.layer(), l.type(), l.sqnrDb(), chosen.indexOf(l.layer()) + 1,
                            chosen.size()));
                }
                layers.sort(Comparator.comparingDouble(Compared::sqnrDb));
                out.add(new Summary(e.getKey(), layers));
            }
            return out;
        }
    }
}
