package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceCheckTest {
    private static final List<String> CPU_ONLY = List.of("CPU");

    @TempDir
    Path tmp;
    private Core core;
    private Model model;

    @BeforeEach
    void readModel() throws Exception {
        core = Core.create();
        model = core.readModel(TestModels.tinyRelu().writeTo(tmp));
    }

    @AfterEach
    void closeCore() {
        core.close();
    }

    @Test
    void thisMachineHasACpu() {
        assertTrue(core.availableDevices().contains("CPU"), core.availableDevices().toString());
    }

    @Test
    void corePropertiesAreTextAndUnknownKeysAreOpenVinosError() {
        assertFalse(core.property("CPU", "FULL_DEVICE_NAME").isBlank());
        var e = assertThrows(OpenVinoException.class, () -> core.property("CPU", "NO_SUCH_PROPERTY"));
        assertEquals("ov_core_get_property", e.function());
        assertTrue(e.detail().contains("NO_SUCH_PROPERTY"), e.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GPU", "NPU", "HETERO:GPU,CPU", "AUTO:NPU,CPU", "MULTI:CPU,GPU.1"})
    void absentDeviceFailsListingTheAvailableOnes(String device) {
        var e = assertThrows(DeviceNotAvailableException.class,
                () -> core.compile(model, CompileOptions.device(device)));
        assertEquals(core.availableDevices(), e.availableDevices());
        assertEquals(Status.NOT_FOUND, e.status());
        assertEquals("ov_core_compile_model", e.function());
        assertTrue(e.getMessage().contains("is not available; available devices: CPU"), e.getMessage());
        assertTrue(List.of("GPU", "NPU", "GPU.1").contains(e.device()), e.device());
    }

    @Test
    void absentDeviceMessageNamesTheDeviceInsideTheList() {
        var e = assertThrows(DeviceNotAvailableException.class,
                () -> DeviceCheck.require("ov_core_compile_model", "HETERO:GPU,CPU", CPU_ONLY));
        assertEquals("ov_core_compile_model: NOT_FOUND: device GPU (in HETERO:GPU,CPU) is not available;"
                + " available devices: CPU", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CPU", "AUTO", "AUTO:CPU", "AUTO:-GPU,CPU", "HETERO:CPU", "MULTI:CPU"})
    void presentDevicesCompile(String device) {
        try (CompiledModel compiled = core.compile(model, CompileOptions.device(device))) {
            assertEquals(1, compiled.inputs().size());
        }
    }

    @Test
    void numberedDevicesMatchTheirFamily() {
        DeviceCheck.require("f", "GPU", List.of("CPU", "GPU.0", "GPU.1"));
        DeviceCheck.require("f", "GPU.1", List.of("CPU", "GPU.0", "GPU.1"));
        DeviceCheck.require("f", "BATCH:GPU(4)", List.of("CPU", "GPU.0"));
        assertThrows(DeviceNotAvailableException.class, () -> DeviceCheck.require("f", "GPU.2", List.of("GPU.0")));
    }

    @Test
    void malformedDeviceStringsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DeviceCheck.require("f", "HETERO:", CPU_ONLY));
        assertThrows(IllegalArgumentException.class, () -> DeviceCheck.require("f", "CPU:GPU", CPU_ONLY));
        assertThrows(IllegalArgumentException.class, () -> DeviceCheck.require("f", "AUTO:CPU,,GPU", CPU_ONLY));
    }

    @Test
    void autoAloneNeedsSomeDevice() {
        DeviceCheck.require("f", "AUTO", CPU_ONLY);
        assertThrows(DeviceNotAvailableException.class, () -> DeviceCheck.require("f", "AUTO", List.of()));
    }
}
