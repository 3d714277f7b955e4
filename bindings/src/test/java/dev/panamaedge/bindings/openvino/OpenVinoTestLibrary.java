package dev.panamaedge.bindings.openvino;

import static dev.panamaedge.bindings.openvino.openvino_h.OK;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_get_error_info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Loads the project's real libopenvino_c (from the wheel in {@code <repo>/.venv}) the way native/
 * does: {@code System.load} by absolute path, which makes its symbols visible to the generated
 * {@code SymbolLookup.loaderLookup()}. Without the venv the tests skip locally and fail under CI.
 */
final class OpenVinoTestLibrary {

    static final String WHEEL_LIBRARY = ".venv/lib/python3.11/site-packages/openvino/libs/libopenvino_c.so.2641";

    private static boolean loaded;

    private OpenVinoTestLibrary() {
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
        Path library = repoRoot().resolve(WHEEL_LIBRARY);
        if (!Files.isRegularFile(library)) {
            String reason = "OpenVINO C library not found at " + library
                    + " (create the project venv with openvino==" + openvino_h.OPENVINO_VERSION + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason);
            }
            Assumptions.abort(reason);
        }
        System.load(library.toString());
        loaded = true;
    }

    /** Walks up from the working directory to the checkout that holds the options file. */
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bindings/openvino.jextract"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no bindings/openvino.jextract above " + Path.of("").toAbsolutePath());
    }

    /** Asserts OK, naming the C function and OpenVINO's text for the status otherwise. */
    static void ok(String function, int status) {
        assertEquals(OK(), status, () -> function + " returned " + status + ": "
                + ov_get_error_info(status).getString(0));
    }
}
