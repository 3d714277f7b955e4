package dev.panamaedge.bindings.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Layouts and constants come from libclang at generation time: these pin them to the C headers. */
final class LayoutBindingsTest {

    @Test
    void profilingInfoPadsTheEnumBeforeInt64Fields() {
        assertEquals(48, ov_profiling_info_t.sizeof());
        assertEquals(0, ov_profiling_info_t.status$offset());
        assertEquals(8, ov_profiling_info_t.real_time$offset());
        assertEquals(40, ov_profiling_info_t.node_type$offset());
    }

    @Test
    void partialShapeEmbedsItsRankByValue() {
        assertEquals(24, ov_partial_shape_t.sizeof());
        assertEquals(16, ov_partial_shape_t.rank$layout().byteSize());
        assertEquals(16, ov_partial_shape_t.dims$offset());
        assertEquals(ov_dimension.layout(), ov_rank_t.layout());
    }

    @Test
    void coreVersionNestsTheVersionStruct() {
        assertEquals(24, ov_core_version_t.sizeof());
        assertEquals(8, ov_core_version_t.version$offset());
        assertEquals(ov_version.layout().byteSize(), ov_core_version_t.version$layout().byteSize());
    }

    @Test
    void enumConstantsCarryTheHeaderValues() {
        assertEquals(0, openvino_h.OK());
        assertEquals(-13, openvino_h.INFER_CANCELLED());
        assertEquals(4, openvino_h.F32());
        assertEquals(16, openvino_h.U8());
        assertEquals(1, openvino_h.OV_BOOLEAN());
        assertEquals(2, openvino_h.EXECUTED());
    }

    @Test
    void sizeTypedefIsTheLinuxLong() {
        assertEquals(8, openvino_h.size_t.byteSize());
        assertEquals(openvino_h.C_LONG, openvino_h.size_t);
    }
}
