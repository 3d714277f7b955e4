package dev.panamaedge.models.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

final class FakeQuantizeTest {
    @Test
    void belowAndAboveRangeSaturateToOutputBounds() {
        assertEquals(-1f, FakeQuantize.apply(-3f, 0f, 255f, -1f, 0.9921875f, 256));
        assertEquals(0.9921875f, FakeQuantize.apply(300f, 0f, 255f, -1f, 0.9921875f, 256));
        // x == inLow is "x <= min(il, ih)", so it maps to outLow exactly.
        assertEquals(-1f, FakeQuantize.apply(0f, 0f, 255f, -1f, 0.9921875f, 256));
    }

    @Test
    void integerInputsMapAffinely() {
        // u8 pixel 128 with TFLite's input quantization (scale 1/128, zero point 128) is 0.
        assertEquals(0f, FakeQuantize.apply(128f, 0f, 255f, -1f, 0.9921875f, 256), 1e-7f);
        assertEquals(-1f + 1.9921875f * 37 / 255, FakeQuantize.apply(37f, 0f, 255f, -1f, 0.9921875f, 256), 1e-6f);
    }

    @Test
    void roundsHalfToEven() {
        // levels 3 over [0, 2]: steps of 1; 0.5 and 1.5 are exact halves.
        assertEquals(0f, FakeQuantize.apply(0.5f, 0f, 2f, 0f, 2f, 3));
        assertEquals(2f, FakeQuantize.apply(1.5f, 0f, 2f, 0f, 2f, 3));
        assertEquals(1f, FakeQuantize.apply(1.2f, 0f, 2f, 0f, 2f, 3));
    }

    @Test
    void symmetricInt8WeightsUse255Levels() {
        float s = 0.5f;
        // levels 255 over [-127 s, 127 s]: the step is exactly s.
        assertEquals(3 * s, FakeQuantize.apply(1.4f, -127 * s, 127 * s, -127 * s, 127 * s, 255), 1e-6f);
        assertEquals(-127 * s, FakeQuantize.apply(-1000f, -127 * s, 127 * s, -127 * s, 127 * s, 255));
    }
}
