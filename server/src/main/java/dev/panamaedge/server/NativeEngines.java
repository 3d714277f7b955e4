package dev.panamaedge.server;

import dev.panamaedge.openvino.CompileOptions;
import dev.panamaedge.openvino.OpenVinoEngine;
import dev.panamaedge.openvino.PerformanceHint;
import dev.panamaedge.openvino.RequestPoolSize;
import dev.panamaedge.openvino.StaticBatchEngine;
import dev.panamaedge.runtime.Engine;
import java.nio.file.Path;

/** Compiles a model with OpenVINO as {@link ModelSettings} say; the only server class that sees native/. */
final class NativeEngines {
    private NativeEngines() {
    }

    static Engine load(Path modelXml, ModelSettings s) {
        CompileOptions options = CompileOptions.device(s.device()).withHint(PerformanceHint.valueOf(s.hint()));
        if (!s.precision().equals("default")) {
            options = options.withExtra("INFERENCE_PRECISION_HINT", s.precision());
        }
        // OpenVINO maps model.bin and some compiled layers keep pointing into the mapping, so `cp new.bin
        // model.bin` (which rewrites the same inode) changed a serving model's answers before any reload, and a
        // truncating write could fault on the lost pages. Read into memory instead: the served weights are
        // those of the files at load time until a reload replaces them.
        options = options.withExtra("ENABLE_MMAP", "NO");
        if (s.streams() > 0) {
            options = options.withStreams(s.streams());
        }
        if (s.threads() > 0) {
            options = options.withThreads(s.threads());
        }
        // Twice the optimal number by default: a request waits in OpenVINO's queue for each stream, so a stream
        // never idles while the server hands a result back and admits the next request (server/README.md).
        options = options.withRequests(s.concurrency() > 0 ? new RequestPoolSize.Exactly(s.concurrency())
                : new RequestPoolSize.TimesOptimal(2));
        if (s.cacheDir().isPresent()) {
            options = options.withCacheDir(s.cacheDir().get());
        }
        if (s.batching().isOn()) {
            // One static compiled model per batch size the batcher aims for: a dynamic 1..max batch ran at less
            // than half the static speed (StaticBatchEngine).
            return StaticBatchEngine.load(modelXml, options, s.batching().compiledSizes());
        }
        return OpenVinoEngine.load(modelXml, options);
    }
}
