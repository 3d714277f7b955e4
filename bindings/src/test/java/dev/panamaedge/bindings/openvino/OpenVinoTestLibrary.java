package dev.panamaedge.bindings.openvino;

import static dev.panamaedge.bindings.openvino.openvino_h.OK;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_get_error_info;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamaedge.testsupport.MissingData;
import dev.panamaedge.testsupport.ProjectVenv;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the project's real libopenvino_c (from the wheel in {@code <repo>/.venv}, found by
 * {@link ProjectVenv}) the way native/ does: {@code System.load} by absolute path, which makes its symbols
 * visible to the generated {@code SymbolLookup.loaderLookup()}. Without the venv the tests skip locally and
 * fail under CI.
 */
final class OpenVinoTestLibrary {

    /** The versioned name the wheel ships, pinned to the release the bindings were generated from. */
    static final String WHEEL_LIBRARY = "libopenvino_c.so.2641";

    private static boolean loaded;

    private OpenVinoTestLibrary() {
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
        Path library = ProjectVenv.openVinoLibs().resolve(WHEEL_LIBRARY);
        if (!Files.isRegularFile(library)) {
            MissingData.skipOrFail("OpenVINO C library not found at " + library
                    + " (create the project venv with openvino==" + openvino_h.OPENVINO_VERSION + ")");
        }
        System.load(library.toString());
        loaded = true;
    }

    /** Asserts OK, naming the C function and OpenVINO's text for the status otherwise. */
    static void ok(String function, int status) {
        assertEquals(OK(), status, () -> function + " returned " + status + ": "
                + ov_get_error_info(status).getString(0));
    }
}
