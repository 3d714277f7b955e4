package dev.panamaedge.openvino;

import static dev.panamaedge.bindings.openvino.openvino_h.C_INT;
import static dev.panamaedge.bindings.openvino.openvino_h.C_POINTER;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_create;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_create_from_host_ptr;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_data;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_get_byte_size;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_get_element_type;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_get_shape;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_shape_free;

import dev.panamaedge.bindings.openvino.openvino_h;
import dev.panamaedge.bindings.openvino.ov_shape_t;
import dev.panamaedge.models.ir.ElementType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An OpenVINO tensor ({@code ov_tensor_t}): element type, static shape and memory.
 *
 * <p>Memory: {@link #allocate} lets OpenVINO own it; {@link #wrap} shares a native {@link MemorySegment}
 * the caller owns without copying ({@code ov_tensor_create_from_host_ptr}); tensors from
 * {@link InferRequest#output} view the request's own output buffer (or, when the model passes an input
 * straight through, that input's caller memory). {@link #data()} is borrowed: valid until this tensor
 * closes (for outputs, until the request's next inference overwrites it).
 *
 * <p>Threads: safe to share; concurrent writes to {@link #data()} are the caller's to order. {@link #close}
 * is idempotent; afterwards every method throws {@link IllegalStateException}.
 */
public final class Tensor implements AutoCloseable {
    private final Lifetime life;
    private final MemorySegment handle;
    private final ElementType elementType;
    private final long[] shape;
    private final MemorySegment data;
    /** The wrapped host memory, held so it stays reachable as long as OpenVINO may read it. */
    private final Optional<MemorySegment> hostMemory;
    private final Optional<Lifetime> parent;

    private Tensor(Lifetime life, MemorySegment handle, ElementType elementType, long[] shape, MemorySegment data,
            Optional<MemorySegment> hostMemory, Optional<Lifetime> parent) {
        this.life = life;
        this.handle = handle;
        this.elementType = elementType;
        this.shape = shape;
        this.data = data;
        this.hostMemory = hostMemory;
        this.parent = parent;
    }

    /**
     * A zero-filled tensor in memory OpenVINO allocates and owns ({@code ov_tensor_create}).
     *
     * @throws IllegalArgumentException for a negative dimension or an undefined element type
     */
    public static Tensor allocate(ElementType elementType, long... shape) {
        Objects.requireNonNull(elementType, "elementType");
        long bytes = byteSize(elementType, shape);
        OpenVino.load();
        Arena owner = Arena.ofShared();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(C_POINTER);
            Status.check("ov_tensor_create",
                    ov_tensor_create(ElementTypeCodes.code(elementType), shapeStruct(shape, call), out));
            MemorySegment handle = LiveHandles.attach(out, owner, openvino_h::ov_tensor_free);
            MemorySegment data = dataPointer(handle, call).reinterpret(bytes, owner, null);
            data.fill((byte) 0);
            return new Tensor(new Lifetime("Tensor", owner), handle, elementType, shape.clone(), data,
                    Optional.empty(), Optional.empty());
        } catch (RuntimeException | Error e) {
            owner.close();
            throw e;
        }
    }

    /**
     * A tensor over {@code hostMemory} without copying: OpenVINO reads (and for outputs writes) that memory
     * directly, so writes into the segment after wrapping are seen by the next inference.
     *
     * <p>The tensor keeps the segment reachable, but the segment's arena decides when the memory dies: close
     * the tensor (and any request it was set on must have finished) before closing that arena. An
     * inference refuses to start if a wrapped segment's arena is already closed. For memory used by one
     * inference, {@link InferRequest#setInputMemory} is cheaper: it creates no Java owner to close.
     *
     * @throws IllegalArgumentException if the segment is on the heap (OpenVINO cannot hold a pointer into a
     *                                  movable Java array) or its size differs from what type and shape need
     * @throws IllegalStateException    if the segment's arena is already closed
     * @throws WrongThreadException     if the segment is confined to another thread
     */
    public static Tensor wrap(ElementType elementType, long[] shape, MemorySegment hostMemory) {
        Objects.requireNonNull(elementType, "elementType");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(hostMemory, "hostMemory");
        checkHostMemory("Tensor.wrap", elementType, shape, hostMemory);
        OpenVino.load();
        Arena owner = Arena.ofShared();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(C_POINTER);
            // Passing the segment keeps its arena open for the duration of the call.
            Status.check("ov_tensor_create_from_host_ptr", ov_tensor_create_from_host_ptr(
                    ElementTypeCodes.code(elementType), shapeStruct(shape, call), hostMemory, out));
            MemorySegment handle = LiveHandles.attach(out, owner, openvino_h::ov_tensor_free);
            return new Tensor(new Lifetime("Tensor", owner), handle, elementType, shape.clone(), hostMemory,
                    Optional.of(hostMemory), Optional.empty());
        } catch (RuntimeException | Error e) {
            owner.close();
            throw e;
        }
    }

    /**
     * Checks memory OpenVINO is to read in place: native (a heap array may move), exactly the size type and
     * shape need, alive, and accessible from this thread.
     *
     * @param caller names the API in messages, e.g. {@code Tensor.wrap}
     */
    static void checkHostMemory(String caller, ElementType elementType, long[] shape, MemorySegment hostMemory) {
        long bytes = byteSize(elementType, shape);
        if (!hostMemory.isNative()) {
            throw new IllegalArgumentException(caller + " needs native memory (e.g. from an Arena); a heap segment"
                    + " can move during garbage collection. Copy it into Tensor.allocate(...).data() instead");
        }
        if (hostMemory.byteSize() != bytes) {
            throw new IllegalArgumentException("tensor " + elementType.irName() + Arrays.toString(shape) + " needs "
                    + bytes + " bytes, segment has " + hostMemory.byteSize());
        }
        if (!hostMemory.scope().isAlive()) {
            throw new IllegalStateException(caller + ": the segment belongs to a closed arena");
        }
        if (!hostMemory.isAccessibleBy(Thread.currentThread())) {
            throw new WrongThreadException(caller + ": the segment is confined to another thread");
        }
    }

    /**
     * Makes a transient {@code ov_tensor_t} over {@code hostMemory} ({@code ov_tensor_create_from_host_ptr}),
     * hands its handle to {@code use} and frees it before returning. No Java owner is created (a shared arena
     * per call costs a thread handshake when it closes); whatever {@code use} gives the handle to, such as an
     * infer request, keeps OpenVINO's own reference. Call after {@link #checkHostMemory}.
     */
    static void overHostMemory(ElementType elementType, long[] shape, MemorySegment hostMemory,
            Consumer<MemorySegment> use) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(C_POINTER);
            // Passing the segment keeps its arena open for the duration of the call.
            Status.check("ov_tensor_create_from_host_ptr", ov_tensor_create_from_host_ptr(
                    ElementTypeCodes.code(elementType), shapeStruct(shape, call), hostMemory, out));
            MemorySegment handle = out.get(C_POINTER, 0);
            if (handle.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("OpenVINO returned OK but a NULL tensor");
            }
            try {
                use.accept(handle);
            } finally {
                openvino_h.ov_tensor_free(handle);
            }
        }
    }

    /**
     * Takes ownership of a tensor an OpenVINO call wrote to {@code outPointer} (e.g. a request's output)
     * and registers it as a child of {@code parent}, which closes it first. Call inside parent's use().
     * An output that is an input's caller memory ({@code inputs}) is viewed through the caller's segment.
     */
    static Tensor adopt(MemorySegment outPointer, Lifetime parent, InputSlots inputs, int outputIndex) {
        Arena owner = Arena.ofShared();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment handle = LiveHandles.attach(outPointer, owner, openvino_h::ov_tensor_free);
            Header header = readHeader(handle, call);
            MemorySegment raw = dataPointer(handle, call);
            MemorySegment data = inputs.callerMemoryAt(raw.address(), header.bytes(), outputIndex)
                    .orElseGet(() -> raw.reinterpret(header.bytes(), owner, null));
            Tensor tensor = new Tensor(new Lifetime("Tensor", owner), handle, header.type(), header.shape(), data,
                    Optional.empty(), Optional.of(parent));
            parent.adopt(tensor);
            return tensor;
        } catch (RuntimeException | Error e) {
            owner.close();
            throw e;
        }
    }

    /**
     * Copies the tensor an OpenVINO call wrote to {@code outPointer} to the heap and frees its handle before
     * returning. No Java owner is created: closing a shared arena per inference costs a thread handshake,
     * which a pooled engine reading one small output per run should not pay. A static {@code port} gives the type
     * and shape, checked against the tensor's byte size, which saves the shape and type queries per run (with
     * their allocation and free: 5 % of a camera server's Java time in a JFR profile).
     */
    static OutputCopy copyAndFree(MemorySegment outPointer, Arena call, InputSlots inputs, int outputIndex,
                                  PortInfo port) {
        MemorySegment handle = outPointer.get(C_POINTER, 0);
        if (handle.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("OpenVINO returned OK but a NULL tensor");
        }
        try {
            Header header = port.isStatic() ? staticHeader(port, handle, call) : readHeader(handle, call);
            int bytes = Math.toIntExact(header.bytes());
            // Borrowed: valid until ov_tensor_free below (or, for an input passed through, while the caller's
            // segment lives, which the copy checks); copied out before that.
            MemorySegment raw = dataPointer(handle, call);
            MemorySegment data = inputs.callerMemoryAt(raw.address(), bytes, outputIndex)
                    .orElseGet(() -> raw.reinterpret(bytes));
            byte[] copy = new byte[bytes];
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, copy, 0, bytes);
            return new OutputCopy(header.type(), header.shape(), MemorySegment.ofArray(copy));
        } finally {
            openvino_h.ov_tensor_free(handle);
        }
    }

    /** Element type. */
    public ElementType elementType() {
        life.ensureOpen();
        return elementType;
    }

    /** Static shape (a copy). */
    public long[] shape() {
        life.ensureOpen();
        return shape.clone();
    }

    /** Size of {@link #data()} in bytes. */
    public long byteSize() {
        life.ensureOpen();
        return data.byteSize();
    }

    /**
     * The tensor's memory, row-major and little-endian. Borrowed: for allocated and output tensors it is
     * scoped to this tensor and throws {@link IllegalStateException} once the tensor is closed; for wrapped
     * tensors it is the segment passed to {@link #wrap}.
     */
    public MemorySegment data() {
        life.ensureOpen();
        return data;
    }

    /** True when this tensor shares caller memory ({@link #wrap}). */
    public boolean isWrapped() {
        return hostMemory.isPresent();
    }

    /** The caller memory a wrapped tensor shares; readable even after close, for alias checks. */
    Optional<MemorySegment> hostMemory() {
        return hostMemory;
    }

    /** Frees the tensor; wrapped memory stays with its arena. Idempotent. */
    @Override
    public void close() {
        if (life.close(() -> { })) {
            parent.ifPresent(p -> p.forget(this));
        }
    }

    @Override
    public String toString() {
        return "Tensor[" + elementType.irName() + Arrays.toString(shape) + (life.isClosed() ? ", closed]" : "]");
    }

    Lifetime life() {
        return life;
    }

    MemorySegment handle() {
        return handle;
    }

    /**
     * Before an inference reads this tensor: it must be open and, when wrapped, its memory alive; OpenVINO
     * would otherwise read freed memory.
     */
    void checkReadable(String what) {
        if (life.isClosed()) {
            throw new IllegalStateException(what + " was closed; set a new tensor before inferring");
        }
        if (hostMemory.isPresent() && !hostMemory.get().scope().isAlive()) {
            throw new IllegalStateException(what + " wraps memory whose arena is closed");
        }
    }

    static long byteSize(ElementType type, long[] shape) {
        if (type == ElementType.UNDEFINED) {
            throw new IllegalArgumentException("a tensor needs a defined element type");
        }
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large", e);
            }
        }
        return type.byteSize(count);
    }

    /** An {@code ov_shape_t} in {@code call}; OpenVINO copies the dims when it builds a tensor. */
    static MemorySegment shapeStruct(long[] dims, Arena call) {
        MemorySegment shape = ov_shape_t.allocate(call);
        ov_shape_t.rank(shape, dims.length);
        ov_shape_t.dims(shape, dims.length == 0 ? call.allocate(ValueLayout.JAVA_LONG)
                : call.allocateFrom(ValueLayout.JAVA_LONG, dims));
        return shape;
    }

    /** Element type, shape and byte size of a tensor OpenVINO returned. */
    private record Header(ElementType type, long[] shape, long bytes) {
    }

    /** The port's type and shape when the tensor's byte size agrees with them, else what the tensor says. */
    private static Header staticHeader(PortInfo port, MemorySegment handle, Arena call) {
        long[] dims = port.dims();
        long count = 1;
        for (long d : dims) {
            count = Math.multiplyExact(count, d);
        }
        long bytes = port.elementType().byteSize(count);
        MemorySegment sizeOut = call.allocate(openvino_h.size_t);
        Status.check("ov_tensor_get_byte_size", ov_tensor_get_byte_size(handle, sizeOut));
        return sizeOut.get(openvino_h.size_t, 0) == bytes ? new Header(port.elementType(), dims, bytes)
                : readHeader(handle, call);
    }

    private static Header readHeader(MemorySegment handle, Arena call) {
        MemorySegment typeOut = call.allocate(C_INT);
        Status.check("ov_tensor_get_element_type", ov_tensor_get_element_type(handle, typeOut));
        ElementType type = ElementTypeCodes.fromCode(typeOut.get(C_INT, 0));
        long[] shape = readShape(handle, call);
        MemorySegment sizeOut = call.allocate(openvino_h.size_t);
        Status.check("ov_tensor_get_byte_size", ov_tensor_get_byte_size(handle, sizeOut));
        return new Header(type, shape, sizeOut.get(openvino_h.size_t, 0));
    }

    /** {@code ov_tensor_get_shape} allocates the dims; {@code ov_shape_free} releases them. */
    private static long[] readShape(MemorySegment handle, Arena call) {
        MemorySegment shape = ov_shape_t.allocate(call);
        Status.check("ov_tensor_get_shape", ov_tensor_get_shape(handle, shape));
        try {
            int rank = Math.toIntExact(ov_shape_t.rank(shape));
            return rank == 0 ? new long[0]
                    : ov_shape_t.dims(shape).reinterpret(rank * Long.BYTES).toArray(ValueLayout.JAVA_LONG);
        } finally {
            ov_shape_free(shape);
        }
    }

    /** {@code ov_tensor_data}: a borrowed pointer into memory the tensor owns or views. */
    private static MemorySegment dataPointer(MemorySegment handle, Arena call) {
        MemorySegment out = call.allocate(C_POINTER);
        Status.check("ov_tensor_data", ov_tensor_data(handle, out));
        return out.get(C_POINTER, 0);
    }
}
