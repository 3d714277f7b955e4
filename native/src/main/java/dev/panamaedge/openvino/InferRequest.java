package dev.panamaedge.openvino;

import static dev.panamaedge.bindings.openvino.openvino_h.C_POINTER;
import static dev.panamaedge.bindings.openvino.openvino_h.OK;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_cancel;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_get_output_tensor_by_index;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_get_profiling_info;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_infer;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_set_callback;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_set_input_tensor_by_index;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_start_async;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_infer_request_wait;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_profiling_info_list_free;

import dev.panamaedge.bindings.openvino.ov_callback_t;
import dev.panamaedge.bindings.openvino.ov_profiling_info_list_t;
import dev.panamaedge.models.ir.ElementType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One inference slot of a {@link CompiledModel} ({@code ov_infer_request_t}): set inputs, infer (blocking
 * or asynchronously), read outputs and profiling.
 *
 * <p>Threads: one user at a time (pool requests, see {@code OpenVinoEngine}); misuse from several threads
 * fails with an exception, never a crash. While an asynchronous inference is in flight every other call
 * except {@link #waitFor}, {@link #cancel} and {@link #close} throws {@link IllegalStateException}.
 *
 * <p>Completion: OpenVINO calls an upcall stub that lives in this request's arena. The upcall only hands
 * off, because OpenVINO sets the request's result after its callback returns, so waiting on the request from
 * inside the callback would deadlock: for {@link #startAsync} to a new virtual thread, which collects the
 * status with {@code ov_infer_request_wait} and completes the future; for {@link #infer()} called on a
 * virtual thread, to that thread itself, parked until then. Nothing thrown can escape the upcall.
 *
 * <p>Inputs: a {@link Tensor} stays set until replaced ({@link #setInput(int, Tensor)}); caller memory lent
 * with {@link #setInputMemory} serves one blocking inference. Before each inference the request refuses
 * inputs whose tensor is closed or whose memory is freed or spent ({@link InputSlots}).
 *
 * <p>Ownership: a child of its compiled model. Output tensors are children of the request. {@link #close}
 * waits for an inference in flight, then frees.
 *
 * <p>About 400 lines: the completion upcall and the close protocol it needs belong with the request they
 * guard; splitting them off would spread one lifetime argument over two files.
 */
public final class InferRequest implements AutoCloseable {
    private final CompiledModel compiled;
    private final Lifetime life;
    private final MemorySegment handle;
    /** The inputs set, checked before each inference (closed tensors or dead memory are refused). */
    private final InputSlots inputs;
    private final AtomicReference<CompletableFuture<Void>> pending = new AtomicReference<>();
    /** Written only by the thread that won {@link #pending}, read under the lifetime's locks. */
    private volatile boolean callbackInstalled;

    InferRequest(CompiledModel compiled, Lifetime life, MemorySegment handle) {
        this.compiled = compiled;
        this.life = life;
        this.handle = handle;
        this.inputs = new InputSlots(compiled.inputs());
    }

    /**
     * Uses {@code tensor} as input {@code index} ({@code ov_infer_request_set_input_tensor_by_index}). The
     * request reads the tensor's memory at each inference, so writes to a wrapped segment after this call
     * are seen. Keep the tensor open while the request uses it.
     *
     * @throws IllegalArgumentException for an index out of range
     * @throws OpenVinoException        if OpenVINO rejects the tensor's type or shape
     */
    public void setInput(int index, Tensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        checkInputIndex(index);
        life.run(() -> tensor.life().run(() -> {
            requireIdle("setInput");
            if (inputs.holds(index, tensor)) {
                // Already set: OpenVINO reads its memory at each inference anyway, and setting it again is not
                // free (11 % of the server's request-thread samples when the pool re-set its buffers each run).
                return;
            }
            Status.check("ov_infer_request_set_input_tensor_by_index",
                    ov_infer_request_set_input_tensor_by_index(handle, index, tensor.handle()));
            inputs.setTensor(index, tensor);
        }));
    }

    /**
     * Lends {@code hostMemory} as input {@code index} for the next {@link #infer()}: OpenVINO reads it in
     * place, without a copy and without a {@link Tensor} to close. The {@code ov_tensor_t} over the memory
     * ({@code ov_tensor_create_from_host_ptr}) is freed before this returns; the request keeps OpenVINO's own
     * reference to it, which is why Java keeps track of the loan.
     *
     * <p>The loan covers one inference. {@link #infer()} first checks that the memory is alive and accessible
     * from the calling thread, and afterwards marks it spent: a later {@code infer()} throws until the input
     * is set again, so OpenVINO never reads the memory after the inference it was lent for. Keep its arena
     * open until {@code infer()} returns; for a confined arena that holds by construction, since only its
     * owner thread, the one blocked in {@code infer()}, can close it. {@link #startAsync} refuses lent
     * memory: its inference would outlive every check. An output that OpenVINO places in this memory (a model
     * passing an input through) is read through {@code hostMemory} and fails once it is freed.
     *
     * @param shape the input's static shape; OpenVINO checks it against the model's
     * @throws IllegalArgumentException for an index out of range, a heap segment, a size that differs from
     *                                  what type and shape need, a negative dimension or an undefined type
     * @throws IllegalStateException    if the segment's arena is closed or the request is busy
     * @throws WrongThreadException     if the segment is confined to another thread
     * @throws OpenVinoException        if OpenVINO rejects the element type or shape for this input
     */
    public void setInputMemory(int index, ElementType elementType, long[] shape, MemorySegment hostMemory) {
        Objects.requireNonNull(elementType, "elementType");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(hostMemory, "hostMemory");
        checkInputIndex(index);
        long[] dims = shape.clone();
        Tensor.checkHostMemory("setInputMemory", elementType, dims, hostMemory);
        life.run(() -> {
            requireIdle("setInputMemory");
            Tensor.overHostMemory(elementType, dims, hostMemory, tensor -> Status.check(
                    "ov_infer_request_set_input_tensor_by_index",
                    ov_infer_request_set_input_tensor_by_index(handle, index, tensor)));
            inputs.lend(index, hostMemory);
        });
    }

    /**
     * Sets the input with tensor name {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown input and the model's inputs
     */
    public void setInput(String name, Tensor tensor) {
        setInput(indexOf(compiled.inputs(), name, "input"), tensor);
    }

    /**
     * Output {@code index} of the last inference, viewing the request's buffer (no copy). The next
     * inference on this request closes it, because OpenVINO may reallocate that buffer (dynamic shapes);
     * copy what you keep. Close it when done, or it closes with the request.
     */
    public Tensor output(int index) {
        List<PortInfo> ports = compiled.outputs();
        if (index < 0 || index >= ports.size()) {
            throw new IllegalArgumentException("output index " + index + " is out of range; outputs are " + ports);
        }
        return life.use(() -> {
            requireIdle("output");
            try (Arena call = Arena.ofConfined()) {
                MemorySegment out = call.allocate(C_POINTER);
                Status.check("ov_infer_request_get_output_tensor_by_index",
                        ov_infer_request_get_output_tensor_by_index(handle, index, out));
                return Tensor.adopt(out, life, inputs, index);
            }
        });
    }

    /**
     * Output {@code index} of the last inference, copied to the heap; unlike {@link #output(int)} it leaves
     * no tensor handle behind, so it is the cheap way to read a result once.
     */
    public OutputCopy copyOutput(int index) {
        List<PortInfo> ports = compiled.outputs();
        if (index < 0 || index >= ports.size()) {
            throw new IllegalArgumentException("output index " + index + " is out of range; outputs are " + ports);
        }
        return life.use(() -> {
            requireIdle("copyOutput");
            try (Arena call = Arena.ofConfined()) {
                MemorySegment out = call.allocate(C_POINTER);
                Status.check("ov_infer_request_get_output_tensor_by_index",
                        ov_infer_request_get_output_tensor_by_index(handle, index, out));
                return Tensor.copyAndFree(out, call, inputs, index, ports.get(index));
            }
        });
    }

    /** The output with tensor name {@code name}; see {@link #output(int)}. */
    public Tensor output(String name) {
        return output(indexOf(compiled.outputs(), name, "output"));
    }

    /**
     * Runs one inference and blocks until it is done. Memory lent with {@link #setInputMemory} is spent
     * afterwards, whether the inference succeeded or not.
     *
     * @throws IllegalStateException if an input tensor was closed, its memory freed or lent memory already
     *                               spent, or the request is busy with an asynchronous inference
     * @throws WrongThreadException  if lent memory is confined to another thread
     * @throws OpenVinoException     if inference fails, e.g. an input was never set
     */
    public void infer() {
        life.run(() -> {
            requireIdle("infer");
            inputs.checkReadable(true);
            closeOutputs();
            try {
                if (Thread.currentThread().isVirtual()) {
                    inferParked();
                } else {
                    Status.check("ov_infer_request_infer", ov_infer_request_infer(handle));
                }
            } finally {
                inputs.spend();
            }
        });
    }

    /**
     * {@link #infer()} on a virtual thread: a blocking {@code ov_infer_request_infer} would pin the carrier
     * (one of a core's worth) for the whole inference, so start it asynchronously and park instead. The
     * upcall wakes this thread directly, with no thread in between; the status comes from
     * {@code ov_infer_request_wait}, which returns as soon as OpenVINO has set the result after the callback.
     * Parking ignores interrupts: OpenVINO reads the inputs until the inference ends, so it must be waited for.
     */
    private void inferParked() {
        ParkedCaller woken = new ParkedCaller();
        try {
            start(woken);
            woken.join();
            Status.check("ov_infer_request_wait", ov_infer_request_wait(handle));
        } finally {
            pending.compareAndSet(woken, null);
        }
    }

    /** The in-flight marker of a virtual thread parked in {@link #infer()}: the upcall completes it to wake it. */
    private static final class ParkedCaller extends CompletableFuture<Void> {
    }

    /**
     * Claims this request for the inference {@code inFlight} stands for and starts it; if starting fails, the
     * request is idle again.
     *
     * @throws IllegalStateException if an inference is already in flight
     */
    private void start(CompletableFuture<Void> inFlight) {
        if (!pending.compareAndSet(null, inFlight)) {
            throw new IllegalStateException("InferRequest is busy: an asynchronous inference is in flight");
        }
        try {
            if (!callbackInstalled) {
                installCallback();
                callbackInstalled = true;
            }
            Status.check("ov_infer_request_start_async", ov_infer_request_start_async(handle));
        } catch (RuntimeException | Error e) {
            pending.compareAndSet(inFlight, null);
            throw e;
        }
    }

    /**
     * Starts one inference and returns at once. The future completes (on a virtual thread) when it is done,
     * or exceptionally with {@link OpenVinoException} ({@code INFER_CANCELLED} after {@link #cancel}).
     *
     * @throws IllegalStateException if an inference is already in flight or an input is unusable, including
     *                               memory lent with {@link #setInputMemory}
     */
    public CompletableFuture<Void> startAsync() {
        return life.use(() -> {
            inputs.checkReadable(false);
            closeOutputs(); // none are open while an inference is in flight: output() refuses then
            CompletableFuture<Void> done = new CompletableFuture<>();
            start(done);
            return done.copy();
        });
    }

    /**
     * Waits up to {@code timeout} for the asynchronous inference in flight.
     *
     * @return true if none is in flight or it finished (successfully or not: the future from
     *         {@link #startAsync} tells which); false on timeout or interrupt (the flag is kept)
     */
    public boolean waitFor(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        life.ensureOpen();
        CompletableFuture<Void> inFlight = pending.get();
        if (inFlight == null) {
            return true;
        }
        try {
            inFlight.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | CancellationException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks OpenVINO to stop the inference in flight; harmless when idle. */
    public void cancel() {
        life.run(() -> Status.check("ov_infer_request_cancel", ov_infer_request_cancel(handle)));
    }

    /**
     * Per-node kernels ({@code execType}, e.g. {@code jit_avx512_I8}) and timings of the last inference.
     * Needs {@link CompileOptions#profiling()}; without it the CPU device still lists the nodes and their
     * kernels, but every node reads {@code NOT_RUN} with zero times.
     */
    public List<ProfilingInfo> profilingInfo() {
        return life.use(() -> {
            requireIdle("profilingInfo");
            try (Arena call = Arena.ofConfined()) {
                MemorySegment list = ov_profiling_info_list_t.allocate(call);
                Status.check("ov_infer_request_get_profiling_info", ov_infer_request_get_profiling_info(handle, list));
                try {
                    return ProfilingInfo.readList(list);
                } finally {
                    ov_profiling_info_list_free(list);
                }
            }
        });
    }

    /** Waits for an inference in flight, closes output tensors, frees the request. Idempotent. */
    @Override
    public void close() {
        if (life.close(this::quiesce)) {
            compiled.forget(this);
        }
    }

    @Override
    public String toString() {
        return life.isClosed() ? "InferRequest[closed]" : pending.get() != null ? "InferRequest[busy]" : "InferRequest";
    }

    private void requireIdle(String operation) {
        if (pending.get() != null) {
            throw new IllegalStateException("InferRequest is busy with an asynchronous inference; " + operation
                    + " must wait for it (waitFor)");
        }
    }

    private void checkInputIndex(int index) {
        List<PortInfo> ports = compiled.inputs();
        if (index < 0 || index >= ports.size()) {
            throw new IllegalArgumentException("input index " + index + " is out of range; inputs are " + ports);
        }
    }

    /** Output tensors are this request's only children; they view buffers the next inference may replace. */
    private void closeOutputs() {
        for (AutoCloseable output : life.children()) {
            try {
                output.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing an output of the previous inference failed", e);
            }
        }
    }

    private static int indexOf(List<PortInfo> ports, String name, String kind) {
        Objects.requireNonNull(name, kind + " name");
        for (PortInfo p : ports) {
            if (p.name().equals(name)) {
                return p.index();
            }
        }
        throw new IllegalArgumentException("no " + kind + " named '" + name + "'; " + kind + "s are "
                + ports.stream().map(PortInfo::name).toList());
    }

    /**
     * The ov_callback_t struct and its stub live in this request's arena: the C layer keeps the struct's
     * address and calls through it for every later inference.
     */
    private void installCallback() {
        Arena arena = life.arena();
        MemorySegment stub = ov_callback_t.callback_func.allocate(args -> onComplete(), arena);
        MemorySegment callback = ov_callback_t.allocate(arena);
        ov_callback_t.callback_func(callback, stub);
        ov_callback_t.args(callback, MemorySegment.NULL);
        Status.check("ov_infer_request_set_callback", ov_infer_request_set_callback(handle, callback));
    }

    /** Runs on OpenVINO's thread inside the upcall: must not throw and must not wait on this request. */
    private void onComplete() {
        try {
            if (pending.get() instanceof ParkedCaller parked) {
                parked.complete(null); // its only waiter is the parked caller, who collects the status itself
                return;
            }
            Thread.ofVirtual().name("openvino-infer-done").start(this::finishAsync);
        } catch (Throwable t) {
            CompletableFuture<Void> done = pending.getAndSet(null);
            try {
                if (done != null) {
                    done.completeExceptionally(t);
                }
            } catch (Throwable ignored) {
                // a dependent stage threw; it must not unwind into OpenVINO's thread
            }
        }
    }

    /**
     * Off OpenVINO's thread: {@code ov_infer_request_wait} returns once OpenVINO has set the result (after
     * our callback returned) and reports a failed or cancelled inference as its status. The handle is
     * still valid: close() waits for this future first.
     */
    private void finishAsync() {
        CompletableFuture<Void> done = pending.get();
        if (done == null) {
            return;
        }
        Throwable failure = null;
        try {
            int status = ov_infer_request_wait(handle);
            if (status != OK()) {
                failure = Status.failure("ov_infer_request_wait", status);
            }
        } catch (Throwable t) {
            failure = t;
        }
        pending.compareAndSet(done, null);
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(failure);
        }
    }

    /**
     * Before freeing: wait for an inference in flight, then for OpenVINO to finish with the callback stub
     * ({@code ov_infer_request_wait} returns after the callback has returned), since the arena frees the
     * stub together with the request.
     */
    private void quiesce() {
        CompletableFuture<Void> inFlight = pending.get();
        if (inFlight != null) {
            try {
                inFlight.join();
            } catch (CompletionException | CancellationException e) {
                // the caller of startAsync sees this failure; closing proceeds
            }
        }
        if (callbackInstalled) {
            ov_infer_request_wait(handle); // status ignored: a failed last inference does not stop the close
        }
        inputs.clear();
    }
}
