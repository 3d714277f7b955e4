package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusTest {
    @TempDir
    Path tmp;

    @Test
    void codesComeFromTheHeader() {
        assertEquals(0, Status.OK.code());
        assertEquals(-5, Status.NOT_FOUND.code());
        assertEquals(-14, Status.INVALID_C_PARAM.code());
        assertEquals(-17, Status.UNKNOW_EXCEPTION.code());
        assertEquals(Optional.of(Status.INFER_CANCELLED), Status.of(-13));
        assertEquals(Optional.empty(), Status.of(-99));
    }

    @Test
    void readingAMissingModelNamesFunctionStatusAndOpenVinoText() {
        Path missing = tmp.resolve("no_such_model.xml");
        try (Core core = Core.create()) {
            var e = assertThrows(OpenVinoException.class, () -> core.readModel(missing));
            assertEquals("ov_core_read_model", e.function());
            assertEquals(Status.GENERAL_ERROR, e.status());
            assertTrue(e.getMessage().startsWith("ov_core_read_model: GENERAL_ERROR: "), e.getMessage());
            assertTrue(e.detail().contains("no_such_model.xml"), e.detail());
        }
    }

    @Test
    void unrecognizedCodesKeepTheRawValue() {
        OpenVino.load();
        OpenVinoException e = Status.failure("ov_fake", -99);
        assertEquals(Status.UNKNOWN_C_ERROR, e.status());
        assertTrue(e.detail().startsWith("unrecognized status code -99: "), e.detail());
    }

    @Test
    void okPassesCheck() {
        Status.check("ov_anything", 0);
    }
}
