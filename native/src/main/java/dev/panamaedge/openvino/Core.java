package dev.panamaedge.openvino;

import static dev.panamaedge.bindings.openvino.openvino_h.C_POINTER;
import static dev.panamaedge.bindings.openvino.openvino_h.OK;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_available_devices_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_create;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_get_available_devices;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_get_property;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_read_model;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_read_model_from_memory_buffer;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_create;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_tensor_data;

import dev.panamaedge.bindings.openvino.openvino_h;
import dev.panamaedge.bindings.openvino.ov_available_devices_t;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.IrWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * OpenVINO's entry point ({@code ov_core_t}): lists devices, reads models and compiles them.
 *
 * <p>Ownership: the models and compiled models it creates are its children; {@link #close} closes those
 * still open (and their requests and tensors) before freeing the core, so one {@code try (Core core = …)}
 * releases everything. Threads: safe to share; {@code close} waits for calls in flight.
 */
public final class Core implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Core.class.getName());

    private final Lifetime life;
    private final MemorySegment handle;

    private Core(Lifetime life, MemorySegment handle) {
        this.life = life;
        this.handle = handle;
    }

    /**
     * Loads the library if needed ({@link OpenVino#load()}) and creates a core.
     *
     * @throws OpenVinoLibraryException if the library cannot be found or has the wrong version
     */
    public static Core create() {
        OpenVino.load();
        Arena owner = Arena.ofShared();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(C_POINTER);
            Status.check("ov_core_create", ov_core_create(out));
            return new Core(new Lifetime("Core", owner), LiveHandles.attach(out, owner, openvino_h::ov_core_free));
        } catch (RuntimeException | Error e) {
            owner.close();
            throw e;
        }
    }

    /** Device names OpenVINO can use here, e.g. {@code [CPU]} or {@code [CPU, GPU.0, GPU.1]}. */
    public List<String> availableDevices() {
        return life.use(this::devices);
    }

    /**
     * A device property as text, e.g. {@code property("CPU", "FULL_DEVICE_NAME")}.
     *
     * @throws OpenVinoException for an unknown device or key
     */
    public String property(String device, String key) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(key, "key");
        return life.use(() -> {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment out = call.allocate(C_POINTER);
                Status.check("ov_core_get_property",
                        ov_core_get_property(handle, call.allocateFrom(device), call.allocateFrom(key), out));
                return CStrings.takeOwned(out.get(C_POINTER, 0));
            }
        });
    }

    /**
     * Reads a model file: IR {@code .xml} (weights from the {@code .bin} beside it), {@code .onnx},
     * {@code .tflite}, TensorFlow or PaddlePaddle files, whichever frontend OpenVINO has.
     *
     * @throws OpenVinoException naming OpenVINO's reason, e.g. a missing file or an unsupported op
     */
    public Model readModel(Path file) {
        Objects.requireNonNull(file, "file");
        String path = file.toAbsolutePath().toString();
        return life.use(() -> {
            Arena owner = Arena.ofShared();
            try (Arena call = Arena.ofConfined()) {
                MemorySegment out = call.allocate(C_POINTER);
                Status.check("ov_core_read_model",
                        ov_core_read_model(handle, call.allocateFrom(path), MemorySegment.NULL, out));
                return adoptModel(owner, out);
            } catch (RuntimeException | Error e) {
                owner.close();
                throw e;
            }
        });
    }

    /**
     * Reads an IR model from memory. The weights are copied once into memory OpenVINO owns, because the
     * model's constants may keep pointing into that buffer after this call; heap or native segments work.
     *
     * @param xml     the IR xml bytes (UTF-8)
     * @param weights the {@code .bin} contents; empty for a model without constants
     */
    public Model readModel(byte[] xml, MemorySegment weights) {
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(weights, "weights");
        if (xml.length == 0) {
            throw new IllegalArgumentException("model xml is empty");
        }
        return life.use(() -> {
            Arena owner = Arena.ofShared();
            try (Arena call = Arena.ofConfined()) {
                MemorySegment weightsTensor = weights.byteSize() == 0 ? MemorySegment.NULL : copyToTensor(weights, call);
                MemorySegment out = call.allocate(C_POINTER);
                Status.check("ov_core_read_model_from_memory_buffer", ov_core_read_model_from_memory_buffer(
                        handle, call.allocateFrom(ValueLayout.JAVA_BYTE, xml), xml.length, weightsTensor, out));
                return adoptModel(owner, out);
            } catch (RuntimeException | Error e) {
                owner.close();
                throw e;
            }
        });
    }

    /**
     * Compiles a model for {@code options.device()}.
     *
     * @throws DeviceNotAvailableException if a named device is absent, listing the available ones
     * @throws OpenVinoException           for properties OpenVINO rejects, with its text
     * @throws IllegalStateException       if this core or the model is closed
     */
    public CompiledModel compile(Model model, CompileOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        return life.use(() -> model.life().use(() -> {
            return compileWith("ov_core_compile_model", options, (out, call) -> PropertyArgs.compileModel(
                    handle, model.handle(), options.device(), options.propertyPairs(), out, call));
        }));
    }

    /**
     * Reads and compiles a model file in one step ({@code ov_core_compile_model_from_file}); with
     * {@link CompileOptions#cacheDir()} a cached blob skips reading the model at all. The blob is looked up
     * under a sub-directory keyed by the files' content ({@link CompiledModelCache}), so replaced weights are
     * compiled afresh. An IR whose {@code .bin} does not have the size its constants need is refused first.
     *
     * @throws InvalidModelException       if an IR's {@code .bin} is truncated or longer than its constants
     * @throws DeviceNotAvailableException if a named device is absent, listing the available ones
     * @throws OpenVinoException           if the file cannot be read or compiled
     */
    public CompiledModel compile(Path modelFile, CompileOptions options) {
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(options, "options");
        String path = modelFile.toAbsolutePath().toString();
        return life.use(() -> {
            // The size check parses the xml (tens of ms on a cold JVM): it runs beside the hash and compile.
            boolean ir = modelFile.getFileName().toString().endsWith(".xml");
            FutureTask<Void> weightsCheck = new FutureTask<>(() -> {
                if (ir) {
                    IrWeights.checkSize(modelFile);
                }
                return null;
            });
            if (ir) {
                Thread.ofPlatform().daemon().name("ir-weights-check").start(weightsCheck);
            } else {
                weightsCheck.run();
            }
            CompiledModel compiled;
            try {
                compiled = compileCached(modelFile, path, options);
            } catch (RuntimeException | Error e) {
                awaitCheck(weightsCheck, e);
                throw e;
            }
            try {
                awaitCheck(weightsCheck, null);
            } catch (RuntimeException | Error e) {
                compiled.close();
                throw e;
            }
            return compiled;
        });
    }

    private CompiledModel compileCached(Path modelFile, String path, CompileOptions options) {
        if (options.cacheDir().isEmpty()) {
            return compileFromFile(path, options);
        }
        Path cacheDir = options.cacheDir().get();
        List<String> before = CompiledModelCache.stamps(modelFile);
        Path entry = CompiledModelCache.entry(cacheDir, modelFile, OpenVino.load().version(), options.device(),
                options.withoutCacheDir().propertyPairs());
        CompiledModel compiled = compileFromFile(path, options.withCacheDir(entry));
        if (CompiledModelCache.stamps(modelFile).equals(before)) {
            CompiledModelCache.used(cacheDir, entry, modelFile);
        } else {
            CompiledModelCache.discard(entry);
        }
        return compiled;
    }

    /** Throws the check's failure (with {@code compileFailure} suppressed) if it failed; else returns. */
    private static void awaitCheck(FutureTask<Void> check, Throwable compileFailure) {
        try {
            check.get();
        } catch (ExecutionException e) {
            RuntimeException failure = switch (e.getCause()) {
                case RuntimeException r -> r;
                case IOException io -> new UncheckedIOException("cannot read the model's files: " + io.getMessage(), io);
                default -> new IllegalStateException("IR weights check failed", e.getCause());
            };
            if (compileFailure != null) {
                failure.addSuppressed(compileFailure);
            }
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the IR's weights", e);
        }
    }

    private CompiledModel compileFromFile(String path, CompileOptions options) {
        return compileWith("ov_core_compile_model_from_file", options, (out, call) -> PropertyArgs
                .compileModelFromFile(handle, path, options.device(), options.propertyPairs(), out, call));
    }

    /** Closes open models and compiled models (and their requests), then frees the core. Idempotent. */
    @Override
    public void close() {
        life.close(() -> { });
    }

    @Override
    public String toString() {
        return life.isClosed() ? "Core[closed]" : "Core";
    }

    /** Registers a model an OpenVINO call wrote to {@code out} as a child; closes {@code owner} on failure. */
    Model adoptModel(Arena owner, MemorySegment out) {
        return life.use(() -> {
            Model model = new Model(this, new Lifetime("Model", owner),
                    LiveHandles.attach(out, owner, openvino_h::ov_model_free));
            life.adopt(model);
            return model;
        });
    }

    void forget(AutoCloseable child) {
        life.forget(child);
    }

    private interface CompileCall {
        int invoke(MemorySegment out, Arena call);
    }

    /**
     * Checks the device against OpenVINO's list before compiling, so a missing one fails with what exists.
     * Plain {@code CPU} is checked only if compiling fails: listing devices loads every plugin (NPU, AUTO, …),
     * about 6 MB of resident memory and start-up time that a CPU-only edge box never uses.
     */
    private CompiledModel compileWith(String function, CompileOptions options, CompileCall compile) {
        boolean cpu = options.device().strip().equals("CPU");
        if (!cpu) {
            DeviceCheck.require(function, options.device(), devices());
        }
        Arena owner = Arena.ofShared();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(C_POINTER);
            int status = compile.invoke(out, call);
            if (status != OK() && cpu) {
                OpenVinoException failure = Status.failure(function, status);
                try {
                    DeviceCheck.require(function, options.device(), devices());
                } catch (DeviceNotAvailableException absent) {
                    absent.addSuppressed(failure);
                    throw absent;
                }
                throw failure;
            }
            Status.check(function, status);
            CompiledModel compiled = CompiledModel.create(this, new Lifetime("CompiledModel", owner),
                    LiveHandles.attach(out, owner, openvino_h::ov_compiled_model_free));
            life.adopt(compiled);
            LOG.log(System.Logger.Level.DEBUG, "compiled a model for {0} with {1}", options.device(),
                    options.propertyPairs());
            return compiled;
        } catch (RuntimeException | Error e) {
            owner.close();
            throw e;
        }
    }

    /** {@code ov_core_get_available_devices} fills a struct that {@code ov_available_devices_free} empties. */
    private List<String> devices() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment list = ov_available_devices_t.allocate(call);
            Status.check("ov_core_get_available_devices", ov_core_get_available_devices(handle, list));
            try {
                long size = ov_available_devices_t.size(list);
                MemorySegment names = ov_available_devices_t.devices(list).reinterpret(size * C_POINTER.byteSize());
                List<String> devices = new ArrayList<>();
                for (long i = 0; i < size; i++) {
                    devices.add(CStrings.readBorrowed(names.getAtIndex(C_POINTER, i)));
                }
                return List.copyOf(devices);
            } finally {
                ov_available_devices_free(list);
            }
        }
    }

    /** A u8 tensor in {@code call} holding a copy of {@code bytes}. */
    private static MemorySegment copyToTensor(MemorySegment bytes, Arena call) {
        MemorySegment out = call.allocate(C_POINTER);
        Status.check("ov_tensor_create", ov_tensor_create(ElementTypeCodes.code(ElementType.U8),
                Tensor.shapeStruct(new long[] {bytes.byteSize()}, call), out));
        MemorySegment tensor = LiveHandles.attach(out, call, openvino_h::ov_tensor_free);
        MemorySegment dataOut = call.allocate(C_POINTER);
        Status.check("ov_tensor_data", ov_tensor_data(tensor, dataOut));
        dataOut.get(C_POINTER, 0).reinterpret(bytes.byteSize()).copyFrom(bytes);
        return tensor;
    }

    MemorySegment handle() {
        return handle;
    }

    Lifetime life() {
        return life;
    }
}
