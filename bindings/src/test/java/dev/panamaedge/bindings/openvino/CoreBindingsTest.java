package dev.panamaedge.bindings.openvino;

import static dev.panamaedge.bindings.openvino.OpenVinoTestLibrary.ok;
import static dev.panamaedge.bindings.openvino.openvino_h.C_POINTER;
import static dev.panamaedge.bindings.openvino.openvino_h.NOT_FOUND;
import static dev.panamaedge.bindings.openvino.openvino_h.OK;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_available_devices_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_create;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_get_available_devices;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_core_read_model;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_free;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_get_error_info;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_get_openvino_version;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_property_key_hint_performance_mode;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_property_key_num_streams;
import static dev.panamaedge.bindings.openvino.openvino_h.ov_version_free;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated bindings against the real libopenvino_c: version, core, devices, errors, globals. */
final class CoreBindingsTest {

    @BeforeAll
    static void loadLibrary() {
        OpenVinoTestLibrary.load();
    }

    @Test
    void versionStructCarriesTheGeneratedRelease() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = ov_version_t.allocate(arena);
            ok("ov_get_openvino_version", ov_get_openvino_version(version));
            try {
                String build = ov_version_t.buildNumber(version).getString(0);
                assertTrue(build.startsWith(openvino_h.OPENVINO_VERSION + "-"), build);
                assertFalse(ov_version_t.description(version).getString(0).isEmpty());
            } finally {
                ov_version_free(version);
            }
        }
    }

    @Test
    void availableDevicesIncludeCpu() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment corePtr = arena.allocate(C_POINTER);
            ok("ov_core_create", ov_core_create(corePtr));
            MemorySegment core = corePtr.get(C_POINTER, 0);
            try {
                MemorySegment devices = ov_available_devices_t.allocate(arena);
                ok("ov_core_get_available_devices", ov_core_get_available_devices(core, devices));
                List<String> names = new ArrayList<>();
                for (long i = 0; i < ov_available_devices_t.size(devices); i++) {
                    names.add(ov_available_devices_t.devices(devices).getAtIndex(C_POINTER, i).getString(0));
                }
                ov_available_devices_free(devices);
                assertTrue(names.contains("CPU"), names.toString());
            } finally {
                ov_core_free(core);
            }
        }
    }

    @Test
    void missingModelFileFailsWithLastErrorMessage() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment corePtr = arena.allocate(C_POINTER);
            ok("ov_core_create", ov_core_create(corePtr));
            MemorySegment core = corePtr.get(C_POINTER, 0);
            try {
                int status = ov_core_read_model(core, arena.allocateFrom("/nonexistent/panama-edge.xml"),
                        MemorySegment.NULL, arena.allocate(C_POINTER));
                assertNotEquals(OK(), status);
                // ov_get_last_err_msg() has no prototype in C, so (as in jextract) it is an invoker class.
                MemorySegment message = openvino_h.ov_get_last_err_msg.makeInvoker().apply();
                try {
                    assertTrue(message.getString(0).contains("panama-edge.xml"), message.getString(0));
                } finally {
                    ov_free(message);
                }
            } finally {
                ov_core_free(core);
            }
        }
    }

    @Test
    void errorInfoDescribesStatusCodes() {
        assertEquals(-5, NOT_FOUND());
        assertFalse(ov_get_error_info(NOT_FOUND()).getString(0).isBlank());
    }

    @Test
    void propertyKeysAreReadFromTheLibraryGlobals() {
        assertEquals("PERFORMANCE_HINT", ov_property_key_hint_performance_mode().getString(0));
        assertEquals("NUM_STREAMS", ov_property_key_num_streams().getString(0));
    }
}
