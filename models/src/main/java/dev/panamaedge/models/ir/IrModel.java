package dev.panamaedge.models.ir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An OpenVINO IR graph (v10/v11): layers, edges and the weights blob that {@code Const} layers slice.
 *
 * <p>Immutable. The weights segment is either a heap segment (a model built in memory) or a read-only
 * mapping of the {@code .bin} owned by this object; {@link #close()} releases that mapping, after which
 * {@link #constantData(Layer)} throws. Reading layers and edges stays valid after close.
 */
public final class IrModel implements AutoCloseable {
    private final String name;
    private final List<Layer> layers;
    private final List<Edge> edges;
    private final MemorySegment weights;
    private final Map<String, String> runtimeInfo;
    private final Arena owner;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<Integer, Layer> byId = new HashMap<>();

    /**
     * @param weights     the weights blob; slices of it back every {@code Const}
     * @param runtimeInfo the model-level {@code <rt_info>} entries (flattened {@code a/b} keys)
     * @param owner       the arena owning {@code weights}, closed by {@link #close()}; empty for heap data
     */
    public IrModel(String name, List<Layer> layers, List<Edge> edges, MemorySegment weights,
                   Map<String, String> runtimeInfo, Optional<Arena> owner) {
        this.name = Objects.requireNonNull(name, "name");
        this.layers = List.copyOf(layers);
        this.edges = List.copyOf(edges);
        this.weights = Objects.requireNonNull(weights, "weights");
        this.runtimeInfo = Map.copyOf(runtimeInfo);
        this.owner = owner.orElse(null);
        for (Layer l : this.layers) {
            if (byId.put(l.id(), l) != null) {
                throw new InvalidModelException("model '" + name + "': duplicate layer id " + l.id());
            }
        }
    }

    public String name() {
        return name;
    }

    public List<Layer> layers() {
        return layers;
    }

    public List<Edge> edges() {
        return edges;
    }

    public Map<String, String> runtimeInfo() {
        return runtimeInfo;
    }

    public Layer layer(int id) {
        Layer l = byId.get(id);
        if (l == null) {
            throw new InvalidModelException("model '" + name + "': no layer with id " + id);
        }
        return l;
    }

    /** Layers of type {@code Parameter}, in file order. */
    public List<Layer> parameters() {
        return layers.stream().filter(l -> l.type().equals("Parameter")).toList();
    }

    /** Layers of type {@code Result}, in file order. */
    public List<Layer> results() {
        return layers.stream().filter(l -> l.type().equals("Result")).toList();
    }

    /** The whole weights blob (read-only view). */
    public MemorySegment weights() {
        ensureOpen();
        return weights.asReadOnly();
    }

    /**
     * The bytes of a {@code Const} layer: its {@code offset}/{@code size} slice of the weights.
     *
     * @throws InvalidModelException if the layer is not a Const or its slice lies outside the blob
     */
    public MemorySegment constantData(Layer constant) {
        ensureOpen();
        if (!constant.type().equals("Const")) {
            throw new InvalidModelException("layer '" + constant.name() + "' is " + constant.type() + ", not Const");
        }
        long offset = parseLong(constant, "offset");
        long size = parseLong(constant, "size");
        if (offset < 0 || size < 0 || offset > weights.byteSize() - size) {
            throw new InvalidModelException("Const '" + constant.name() + "': bytes [" + offset + ", "
                    + (offset + size) + ") lie outside the " + weights.byteSize() + "-byte weights file");
        }
        return weights.asSlice(offset, size).asReadOnly();
    }

    private static long parseLong(Layer layer, String key) {
        String v = layer.requireAttribute(key);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidModelException("layer '" + layer.name() + "': attribute " + key + "='" + v
                    + "' is not an integer", e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("IrModel '" + name + "' is closed");
        }
    }

    /** Releases the mapped weights; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && owner != null) {
            owner.close();
        }
    }
}
