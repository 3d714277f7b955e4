package dev.panamaedge.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class RequestPoolSizeTest {

    @Test
    void multiplesOfTheOptimalNumberKeepAtLeastOneRequest() {
        assertEquals(2, RequestPoolSize.optimal().resolve(2));
        assertEquals(1, RequestPoolSize.optimal().resolve(0), "a device answering 0 still gets one request");
        assertEquals(4, new RequestPoolSize.TimesOptimal(2).resolve(2));
        assertEquals(RequestPoolSize.MAX_REQUESTS, new RequestPoolSize.TimesOptimal(8).resolve(1000));
        assertEquals(5, new RequestPoolSize.Exactly(5).resolve(2));
        assertEquals("2 x OPTIMAL_NUMBER_OF_INFER_REQUESTS", new RequestPoolSize.TimesOptimal(2).toString());
    }

    @Test
    void outOfRangeSizesAreRefusedWithTheRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RequestPoolSize.Exactly(0));
        assertEquals("infer requests must be in 1..256, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RequestPoolSize.Exactly(257));
        assertThrows(IllegalArgumentException.class, () -> new RequestPoolSize.TimesOptimal(0));
        assertThrows(IllegalArgumentException.class, () -> new RequestPoolSize.TimesOptimal(9));
    }

    @Test
    void compileOptionsDefaultToTheOptimalNumber() {
        assertEquals(RequestPoolSize.optimal(), CompileOptions.cpu().requests());
        CompileOptions three = CompileOptions.cpu().withRequests(new RequestPoolSize.Exactly(3)).withDevice("GPU");
        assertEquals(new RequestPoolSize.Exactly(3), three.requests(), "later withX calls keep the pool size");
        assertEquals(CompileOptions.cpu().propertyPairs(), three.withDevice("CPU").propertyPairs(),
                "the pool size is not an OpenVINO property");
    }
}
