package dev.panamaedge.tools.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrReader;
import dev.panamaedge.runtime.Engine;
import dev.panamaedge.runtime.EngineInputs;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * ONNX Runtime (its Java API, CPU execution provider) behind our {@link Engine} interface: the peer a Java
 * user would pick instead of this project, measured in the same loop as the others.
 *
 * <p>An IR {@code .xml} is exported with {@link OnnxExport} in memory, so ONNX Runtime runs exactly the
 * weights OpenVINO runs; a {@code .onnx} file (ONNX Runtime's own QDQ INT8 model, say) is loaded as is.
 * Inputs in native memory are handed to ONNX Runtime without a copy (a direct buffer over the segment); heap
 * inputs are copied by ONNX Runtime, as the native engine copies them.
 *
 * <p>Threads: {@link #run} may be called from several threads (an {@link OrtSession} is thread-safe);
 * {@link #close} waits for running calls, is idempotent, and later calls to {@link #run} throw
 * {@link IllegalStateException}.
 */
public final class OnnxRuntimeEngine implements Engine {
    public static final String NAME = "onnxruntime";

    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final OrtSettings settings;
    private final String precision;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final ReentrantReadWriteLock lifetime = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxRuntimeEngine(OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session,
                              OrtSettings settings, String precision) throws OrtException {
        this.env = env;
        this.options = options;
        this.session = session;
        this.settings = settings;
        this.precision = precision;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
    }

    /**
     * @param model an IR {@code .xml} (exported to ONNX on the fly) or an {@code .onnx} file
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if ONNX Runtime rejects the model (its message included)
     */
    public static OnnxRuntimeEngine load(Path model, OrtSettings settings) throws IOException {
        byte[] onnx;
        if (model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")) {
            try (IrModel ir = IrReader.read(model)) {
                onnx = OnnxExport.export(ir).toByteArray();
            }
        } else {
            onnx = Files.readAllBytes(model);
        }
        return load(onnx, model.toString(), settings);
    }

    /** A session over serialized ONNX; {@code origin} names it in errors. */
    public static OnnxRuntimeEngine load(byte[] onnx, String origin, OrtSettings settings) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(settings.interOpThreads());
            options.setOptimizationLevel(settings.optimization());
            options.setExecutionMode(settings.executionMode());
            OrtSession session = env.createSession(onnx, options);
            try {
                return new OnnxRuntimeEngine(env, options, session, settings, precision(onnx));
            } catch (OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            options.close();
            throw new IllegalArgumentException("ONNX Runtime cannot load " + origin + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** {@code int8 qdq} for a model with QuantizeLinear/DequantizeLinear nodes (ORT's static quantization), else {@code f32}. */
    public String precision() {
        return precision;
    }

    private static String precision(byte[] onnx) {
        try {
            var graph = dev.panamaedge.tools.onnx.proto.Onnx.ModelProto.parseFrom(onnx).getGraph();
            boolean qdq = graph.getNodeList().stream().anyMatch(n -> n.getOpType().equals("DequantizeLinear"));
            return qdq ? "int8 qdq" : "f32";
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return "unknown"; // ONNX Runtime accepted it, so this is a schema newer than ours; only the label suffers
        }
    }

    /** The session settings in force. */
    public OrtSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputs;
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> given) {
        lifetime.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("onnxruntime engine is closed");
            }
            // Tensors are closed before the arena that may hold their bytes.
            try (Arena copies = Arena.ofConfined()) {
                Map<String, OnnxTensor> fed = new LinkedHashMap<>();
                try {
                    List<Tensor> ordered = EngineInputs.inModelOrder(inputs, given);
                    for (int i = 0; i < inputs.size(); i++) {
                        Tensor t = ordered.get(i);
                        fed.put(inputs.get(i).name(), OnnxTensor.createTensor(env, buffer(t.data(), copies), t.shape().dims(),
                                javaType(t.type())));
                    }
                    try (OrtSession.Result result = session.run(fed)) {
                        Map<String, Tensor> out = new LinkedHashMap<>();
                        for (TensorSpec spec : outputs) {
                            OnnxValue v = result.get(spec.name()).orElseThrow(() ->
                                    new IllegalStateException("onnxruntime returned no output '" + spec.name() + "'"));
                            out.put(spec.name(), heapCopy((OnnxTensor) v, spec));
                        }
                        return out;
                    }
                } finally {
                    fed.values().forEach(OnnxTensor::close);
                }
            } catch (OrtException e) {
                throw new IllegalStateException("onnxruntime run failed: " + e.getMessage(), e);
            }
        } finally {
            lifetime.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lifetime.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("closing the onnxruntime session failed: " + e.getMessage(), e);
            } finally {
                options.close();
            }
        } finally {
            lifetime.writeLock().unlock();
        }
    }

    /**
     * A direct buffer ONNX Runtime reads in place: over the input itself when it is in native memory, else over
     * one copy in {@code arena} (the one copy the native engine makes of a heap input too; a heap buffer would
     * be copied by ONNX Runtime as well, and a float[]-backed segment has no byte buffer view at all).
     */
    private static ByteBuffer buffer(MemorySegment data, Arena arena) {
        MemorySegment direct = data.isNative() ? data : arena.allocate(data.byteSize(), 64).copyFrom(data);
        return direct.asByteBuffer().order(ByteOrder.nativeOrder());
    }

    private static Tensor heapCopy(OnnxTensor v, TensorSpec spec) {
        TensorInfo info = v.getInfo();
        ByteBuffer b = v.getByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return Tensor.wrap(spec.type(), Shape.of(info.getShape()), MemorySegment.ofArray(bytes));
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> nodes) {
        List<TensorSpec> out = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            if (!(n.getInfo() instanceof TensorInfo t)) {
                throw new IllegalArgumentException("onnxruntime engine handles tensor inputs and outputs only; '"
                        + n.getName() + "' is " + n.getInfo());
            }
            out.add(new TensorSpec(n.getName(), elementType(t.type, n.getName()), t.getShape()));
        }
        return List.copyOf(out);
    }

    private static ElementType elementType(OnnxJavaType t, String name) {
        return switch (t) {
            case FLOAT -> ElementType.F32;
            case DOUBLE -> ElementType.F64;
            case FLOAT16 -> ElementType.F16;
            case BFLOAT16 -> ElementType.BF16;
            case UINT8 -> ElementType.U8;
            case INT8 -> ElementType.I8;
            case INT16 -> ElementType.I16;
            case INT32 -> ElementType.I32;
            case INT64 -> ElementType.I64;
            case BOOL -> ElementType.BOOLEAN;
            default -> throw new IllegalArgumentException("tensor '" + name + "' has type " + t
                    + ", which the onnxruntime engine does not map");
        };
    }

    private static OnnxJavaType javaType(ElementType t) {
        return switch (t) {
            case F32 -> OnnxJavaType.FLOAT;
            case F64 -> OnnxJavaType.DOUBLE;
            case F16 -> OnnxJavaType.FLOAT16;
            case BF16 -> OnnxJavaType.BFLOAT16;
            case U8 -> OnnxJavaType.UINT8;
            case I8 -> OnnxJavaType.INT8;
            case I16 -> OnnxJavaType.INT16;
            case I32 -> OnnxJavaType.INT32;
            case I64 -> OnnxJavaType.INT64;
            case BOOLEAN -> OnnxJavaType.BOOL;
            default -> throw new IllegalArgumentException("element type " + t.irName() + " has no onnxruntime mapping");
        };
    }
}
