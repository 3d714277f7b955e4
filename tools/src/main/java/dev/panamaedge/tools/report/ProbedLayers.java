package dev.panamaedge.tools.report;

import dev.panamaedge.models.ir.IntermediateOutputs;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.models.ir.IrWriter;
import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IR with chosen layers exposed as extra outputs ({@link IntermediateOutputs}), written to a temporary
 * directory and compiled on OpenVINO, so that each run gives those layers' outputs by layer name: what the
 * per-layer SQNR ({@link LayerDivergence}) compares on the native engine. It owns the temporary copy and the
 * compiled model; {@link #close()} releases the engine and deletes the copy.
 */
public final class ProbedLayers implements AutoCloseable {
    private final Path dir;
    private final OpenVinoEngine engine;
    private final Map<String, String> outputToLayer;

    private ProbedLayers(Path dir, OpenVinoEngine engine, Map<String, String> outputToLayer) {
        this.dir = dir;
        this.engine = engine;
        this.outputToLayer = outputToLayer;
    }

    /** {@code modelXml} with {@code layers} exposed, compiled with {@code options}. */
    public static ProbedLayers compile(Path modelXml, List<String> layers, CompileOptions options)
            throws IOException {
        Path dir = Files.createTempDirectory("edge-probed-layers");
        try {
            Map<String, String> outputToLayer;
            try (IrModel ir = IrReader.read(modelXml)) {
                IntermediateOutputs.Probed p = IntermediateOutputs.withResults(ir, layers);
                IrWriter.write(p.model(), dir.resolve("model.xml"));
                outputToLayer = Map.copyOf(p.outputToLayer());
            }
            return new ProbedLayers(dir, OpenVinoEngine.load(dir.resolve("model.xml"), options), outputToLayer);
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** The exposed layers' outputs for {@code inputs}, by layer name. */
    public Map<String, float[]> run(Map<String, Tensor> inputs) {
        Map<String, float[]> byLayer = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : engine.run(inputs).entrySet()) {
            String layer = outputToLayer.get(e.getKey());
            if (layer != null) {
                byLayer.put(layer, e.getValue().toFloatArray());
            }
        }
        return byLayer;
    }

    /** The floating-point tensors of a run (e.g. {@code ReferenceEngine.runAllLayers}) as arrays, in its order. */
    public static Map<String, float[]> floats(Map<String, Tensor> tensors) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getValue() != null && e.getValue().type().isFloatingPoint()) {
                out.put(e.getKey(), e.getValue().toFloatArray());
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            engine.close();
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
