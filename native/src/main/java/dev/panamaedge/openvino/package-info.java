/**
 * OpenVINO through Java's FFM API, on the generated bindings in {@code dev.panamaedge.bindings.openvino}.
 *
 * <p>Types mirror OpenVINO's objects: {@link dev.panamaedge.openvino.Core} reads and compiles models,
 * {@link dev.panamaedge.openvino.Model} is a model before compilation,
 * {@link dev.panamaedge.openvino.CompiledModel} creates {@link dev.panamaedge.openvino.InferRequest}s, and
 * {@link dev.panamaedge.openvino.Tensor} holds data. {@link dev.panamaedge.openvino.OpenVinoEngine} puts
 * them behind the runtime's {@code Engine}.
 *
 * <p>Ownership: every handle has one owner and one shared arena, its free function attached the moment the
 * handle exists, and an idempotent, thread-safe {@code close()}. A parent closes its open children first
 * (core → models and compiled models → requests → output tensors), so one {@code try (Core core = …)}
 * releases everything. After {@code close()} every method throws {@link java.lang.IllegalStateException}
 * before any native call. Every non-OK status becomes an {@link dev.panamaedge.openvino.OpenVinoException}
 * naming the C function, the status and OpenVINO's text.
 *
 * <p>The library is found and loaded by {@link dev.panamaedge.openvino.OpenVino#load()}; every entry point
 * calls it. Run with {@code --enable-native-access=ALL-UNNAMED}.
 */
package dev.panamaedge.openvino;
