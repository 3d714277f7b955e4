package dev.panamaedge.server;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.TensorSpec;
import dev.panamaedge.runtime.image.Classification;
import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.InterleavedFrame;
import dev.panamaedge.runtime.image.Prediction;
import dev.panamaedge.runtime.image.Preprocessor;
import dev.panamaedge.runtime.image.RawFrames;
import dev.panamaedge.runtime.image.RgbImage;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What every front end does once it has parsed a request: check inputs against the model, decode encoded
 * images sent as {@code BYTES}, run through the model's queue, select outputs. Shared by KServe HTTP,
 * KServe gRPC, classification and camera streams, so all of them accept and reject exactly the same things.
 */
public final class Inference {
    private final ModelRegistry registry;
    private final long maxImagePixels;
    private final MemoryBudget decoding;

    /** With the process's default working-memory budget. */
    public Inference(ModelRegistry registry, long maxImagePixels) {
        this(registry, maxImagePixels, RequestMemory.shared(RequestMemory.defaultBytes()).working());
    }

    /** @param decoding the budget every image decode reserves its pixels from ({@link RequestMemory#working()}) */
    public Inference(ModelRegistry registry, long maxImagePixels, MemoryBudget decoding) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.maxImagePixels = maxImagePixels;
        this.decoding = Objects.requireNonNull(decoding, "decoding");
    }

    public ModelRegistry registry() {
        return registry;
    }

    /** One output tensor of a finished inference. */
    public record Output(String name, WireType type, Tensor tensor) {
    }

    /**
     * A finished inference: the version that ran it, its outputs in model order, and its labels (by class, with
     * their output offset), which Triton's {@code classification} output parameter names classes with.
     */
    public record Result(String model, String version, List<Output> outputs, dev.panamaedge.runtime.image.Labels labels) {
    }

    /**
     * A finished classification with its timings: decoding (or a raw frame's conversion to RGB), preprocessing
     * (resize, crop, normalise into the input tensor) and the engine.
     */
    public record Classified(String model, String version, List<Prediction> top, long decodeNanos,
                             long preprocessNanos, long inferenceNanos) {
    }

    /** A preprocessed input tensor and what it took to make it. */
    private record Prepared(Tensor tensor, long decodeNanos, long preprocessNanos) {
    }

    /**
     * Runs {@code inputs} on {@code model}.
     *
     * @param requested output names to return; empty returns all
     * @throws IllegalArgumentException naming the input and what is wrong with it
     */
    public Result infer(String model, Optional<String> version, List<WireTensor> inputs, List<String> requested)
            throws Exception {
        return registry.call(model, version, m -> {
            Map<String, TensorSpec> specs = new LinkedHashMap<>();
            m.inputs().forEach(s -> specs.put(s.name(), s));
            checkNames(m, specs, inputs);
            Map<String, Tensor> out;
            WireTensor bytesInput = inputs.stream().filter(w -> w.type() == WireType.BYTES).findFirst().orElse(null);
            if (bytesInput != null) {
                out = inferImages(m, specs.get(bytesInput.name()), bytesInput);
            } else {
                Map<String, Tensor> feeds = new LinkedHashMap<>();
                for (WireTensor w : inputs) {
                    feeds.put(w.name(), toTensor(specs.get(w.name()), w));
                }
                out = m.infer(feeds);
            }
            return new Result(m.name(), m.version(), select(m, out, requested), m.card().labels());
        });
    }

    /** Decodes the encoded {@code image}, runs it and returns the top {@code k} labels. */
    public Classified classify(String model, Optional<String> version, byte[] image, int k) throws Exception {
        return classify(model, version, new ImageInput.Encoded(image), k);
    }

    /** Decodes or converts {@code image}, runs it and returns the top {@code k} labels. */
    public Classified classify(String model, Optional<String> version, ImageInput image, int k) throws Exception {
        if (k < 1 || k > 1000) {
            throw new IllegalArgumentException("top_k must be in 1..1000, got " + k);
        }
        return registry.call(model, version, m -> {
            Prepared input = prepare(m, m.preprocessor(), image, "request image");
            long t1 = System.nanoTime();
            Map<String, Tensor> out = m.infer(Map.of(m.inputs().getFirst().name(), input.tensor()));
            long t2 = System.nanoTime();
            Tensor scores = out.get(m.outputs().getFirst().name());
            List<Prediction> top = Classification.topK(scores, m.card().scores(), m.card().outputQuantization(),
                    m.card().labels(), k).getFirst();
            return new Classified(m.name(), m.version(), top, input.decodeNanos(), input.preprocessNanos(), t2 - t1);
        });
    }

    private Map<String, Tensor> inferImages(ServedModel m, TensorSpec spec, WireTensor w) throws Exception {
        if (m.inputs().size() != 1) {
            throw new IllegalArgumentException("BYTES (encoded image) input needs a single-input model; "
                    + m.name() + " has " + m.inputs().size() + " inputs");
        }
        Preprocessor pre = m.preprocessor();
        List<byte[]> images = splitBytes(w);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("input '" + w.name() + "' holds no images");
        }
        List<Map<String, Tensor>> results = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            Prepared input = prepare(m, pre, new ImageInput.Encoded(images.get(i)),
                    "input '" + w.name() + "' element " + i);
            results.add(m.infer(Map.of(spec.name(), input.tensor())));
        }
        return results.size() == 1 ? results.getFirst() : stack(results);
    }

    /**
     * Decodes (or converts) and preprocesses one image on a {@link ComputeThreads compute thread}, once the pixels'
     * heap is reserved from the decoding budget ({@link RequestMemory}); the decoded pixels are garbage on return.
     * A JPEG is decoded straight to the smallest DCT scale that still covers the resize target (TurboJPEG), so a
     * 720p frame for a 224-pixel model decodes at 1/2; the one tensor made from it feeds whichever engine runs.
     * An RGB or BGR raw frame is read in place, no conversion (its decode time is 0). The two stages are timed
     * apart, into {@code edge_decode_seconds} and {@code edge_preprocess_seconds}.
     */
    private Prepared prepare(ServedModel m, Preprocessor pre, ImageInput image, String source) throws Exception {
        Prepared p;
        // held only while the pixels exist: decoding and preprocessing (the tensor made is model-sized)
        try (MemoryBudget.Lease lease = reserveDecode(image, "decoding " + source)) {
            p = decodeAndPreprocess(pre, image, source);
        }
        registry.metrics().decode(m.name(), m.version(), p.decodeNanos());
        registry.metrics().preprocess(m.name(), m.version(), p.preprocessNanos());
        m.statistics().input(p.decodeNanos() + p.preprocessNanos());
        return p;
    }

    private Prepared decodeAndPreprocess(Preprocessor pre, ImageInput image, String source) throws Exception {
        return ComputeThreads.call(() -> {
            long t0 = System.nanoTime();
            if (image instanceof ImageInput.Raw r) {
                Optional<InterleavedFrame> frame = RawFrames.inPlace(r.frame(), maxImagePixels);
                if (frame.isPresent()) {
                    return new Prepared(pre.tensor(frame.get()), 0, System.nanoTime() - t0);
                }
            }
            RgbImage rgb = switch (image) {
                case ImageInput.Encoded e -> ImageDecoder.decode(e.bytes(), source, maxImagePixels,
                        pre.resizedShorterSide());
                case ImageInput.Raw r -> RawFrames.toRgb(r.frame(), maxImagePixels);
            };
            long t1 = System.nanoTime();
            Tensor tensor = pre.tensor(rgb);
            return new Prepared(tensor, t1 - t0, System.nanoTime() - t1);
        });
    }

    /**
     * Reserves what decoding {@code image} holds at once (its raster and RGB result, read from the header) from the
     * decoding budget; a raw frame read in place needs nothing, one converted needs its RGB result.
     */
    private MemoryBudget.Lease reserveDecode(ImageInput image, String what) {
        long need = switch (image) {
            case ImageInput.Encoded e -> ImageDecoder.decodeHeapBytes(e.bytes(), maxImagePixels);
            case ImageInput.Raw r -> r.frame().pixels() > maxImagePixels ? 0 : 3 * r.frame().pixels();
        };
        return decoding.reserve(need, what);
    }

    private static void checkNames(ServedModel m, Map<String, TensorSpec> specs, List<WireTensor> inputs) {
        Set<String> seen = new HashSet<>();
        for (WireTensor w : inputs) {
            if (!specs.containsKey(w.name())) {
                throw new IllegalArgumentException("model " + m.name() + " has no input '" + w.name()
                        + "'; inputs: " + specs.values());
            }
            if (!seen.add(w.name())) {
                throw new IllegalArgumentException("input '" + w.name() + "' is given twice");
            }
        }
        if (seen.size() != specs.size()) {
            List<String> missing = specs.keySet().stream().filter(n -> !seen.contains(n)).toList();
            throw new IllegalArgumentException("model " + m.name() + " needs inputs " + missing + "; inputs: "
                    + specs.values());
        }
    }

    /** Checks datatype, shape and byte count against the model input and wraps the bytes without copying. */
    static Tensor toTensor(TensorSpec spec, WireTensor w) {
        ElementType want = spec.type();
        ElementType got = w.type().element().orElseThrow();
        if (got != want) {
            throw new IllegalArgumentException("input '" + w.name() + "' must be " + WireType.of(want) + ", got "
                    + w.type());
        }
        Shape shape = new Shape(w.shape());
        if (!spec.accepts(shape)) {
            throw new IllegalArgumentException("input '" + w.name() + "' must have shape "
                    + Arrays.toString(spec.dims()) + ", got " + shape);
        }
        long need = want.byteSize(w.elementCount());
        if (w.data().byteSize() != need) {
            throw new IllegalArgumentException("input '" + w.name() + "' " + w.type() + shape + " needs " + need
                    + " bytes of data, got " + w.data().byteSize());
        }
        return Tensor.wrap(want, shape, w.data());
    }

    /** Splits a raw BYTES tensor: each element is a 4-byte little-endian length and that many bytes. */
    static List<byte[]> splitBytes(WireTensor w) {
        ByteBuffer b = w.data().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            if (b.remaining() < 4) {
                throw new IllegalArgumentException("input '" + w.name() + "': BYTES element " + out.size()
                        + " is truncated (no 4-byte length)");
            }
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                throw new IllegalArgumentException("input '" + w.name() + "': BYTES element " + out.size()
                        + " declares " + Integer.toUnsignedString(len) + " bytes, " + b.remaining() + " remain");
            }
            byte[] e = new byte[len];
            b.get(e);
            out.add(e);
        }
        if (out.size() != w.elementCount()) {
            throw new IllegalArgumentException("input '" + w.name() + "' shape " + Arrays.toString(w.shape())
                    + " holds " + w.elementCount() + " elements, got " + out.size());
        }
        return out;
    }

    private static Map<String, Tensor> stack(List<Map<String, Tensor>> results) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : results.getFirst().keySet()) {
            Tensor first = results.getFirst().get(name);
            long[] dims = first.shape().dims();
            dims[0] = dims[0] * results.size();
            long per = first.byteSize();
            byte[] all = new byte[Math.toIntExact(per * results.size())];
            for (int i = 0; i < results.size(); i++) {
                MemorySegment.copy(results.get(i).get(name).data(), ValueLayout.JAVA_BYTE, 0, all, (int) (i * per),
                        (int) per);
            }
            out.put(name, Tensor.wrap(first.type(), new Shape(dims), MemorySegment.ofArray(all)));
        }
        return out;
    }

    private static List<Output> select(ServedModel m, Map<String, Tensor> out, List<String> requested) {
        List<Output> selected = new ArrayList<>();
        Set<String> names = new HashSet<>(requested);
        for (TensorSpec s : m.outputs()) {
            if (requested.isEmpty() || names.remove(s.name())) {
                Tensor t = out.get(s.name());
                selected.add(new Output(s.name(), WireType.of(t.type()), t));
            }
        }
        if (!names.isEmpty()) {
            throw new IllegalArgumentException("model " + m.name() + " has no output " + names + "; outputs: "
                    + m.outputs());
        }
        return selected;
    }
}
