package dev.panamaedge.tools.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class DivergenceTest {

    @Test
    void sqnrOfKnownVectors() {
        // signal 1+4+9+16 = 30, noise 4 x 0.1² = 0.04: 10·log10(750) = 28.7506 dB
        float[] ref = {1, 2, 3, 4};
        float[] x = {1.1f, 1.9f, 3.1f, 3.9f};
        assertEquals(10 * Math.log10(750), Divergence.sqnrDb(ref, x), 1e-4);
        assertEquals(28.7506, Divergence.sqnrDb(ref, x), 1e-3);
        assertEquals(Double.POSITIVE_INFINITY, Divergence.sqnrDb(ref, ref.clone()));
        // noise energy equal to the signal's: 0 dB
        assertEquals(0.0, Divergence.sqnrDb(new float[] {3, 4}, new float[] {0, 0}), 1e-12);
        assertEquals(20.0, Divergence.sqnrDb(100, 1), 1e-12);
    }

    @Test
    void cosineOfKnownVectors() {
        assertEquals(Math.sqrt(0.5), Divergence.cosine(new float[] {1, 0}, new float[] {1, 1}), 1e-12);
        assertEquals(-1.0, Divergence.cosine(new float[] {1, 2}, new float[] {-2, -4}), 1e-12);
        assertEquals(1.0, Divergence.cosine(new float[] {0, 0}, new float[] {0, 0}));
        assertEquals(0.0, Divergence.cosine(new float[] {0, 0}, new float[] {1, 0}));
    }

    @Test
    void klOfKnownDistributions() {
        // 0.5·ln(0.5/0.9) + 0.5·ln(0.5/0.1) = 0.5108256
        assertEquals(0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(5), Divergence.klDivergence(new float[] {0.5f, 0.5f},
                new float[] {0.9f, 0.1f}), 1e-7);
        assertEquals(0.5108256, Divergence.klDivergence(new float[] {0.5f, 0.5f}, new float[] {0.9f, 0.1f}), 1e-6);
        // unnormalised u8-style probabilities are renormalised: 128/128 is the same as 0.5/0.5
        assertEquals(0.0, Divergence.klDivergence(new float[] {128, 128}, new float[] {0.5f, 0.5f}), 1e-12);
        // a class the candidate rounded to zero: large but finite (floor 1e-12)
        double kl = Divergence.klDivergence(new float[] {0.5f, 0.5f}, new float[] {1, 0});
        assertEquals(0.5 * Math.log(0.5) + 0.5 * Math.log(0.5 / 1e-12), kl, 1e-9);
        // u8 floor: a zeroed class counts as half a step, 1/512
        assertEquals(0.5 * Math.log(0.5) + 0.5 * Math.log(0.5 * 512), Divergence.klDivergence(new float[] {0.5f, 0.5f},
                new float[] {1, 0}, 1.0 / 512), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Divergence.klDivergence(new float[] {-1, 2},
                new float[] {1, 1}));
    }

    @Test
    void klOnLogitsGoesThroughSoftmax() {
        // logits (0, ln 3) -> softmax (0.25, 0.75); logits (0, 0) -> (0.5, 0.5)
        float[] a = {0, (float) Math.log(3)};
        float[] b = {0, 0};
        double expected = 0.25 * Math.log(0.25 / 0.5) + 0.75 * Math.log(0.75 / 0.5);
        assertEquals(expected, Divergence.klDivergence(a, b, false), 1e-6);
        assertEquals(0.0, Divergence.klDivergence(a, a, false), 1e-12);
    }

    @Test
    void tiedMaximaCountAsAgreement() {
        float[] quantized = {3, 200, 200, 7};
        assertTrue(Divergence.top1AgreesWithTies(1, quantized));
        assertTrue(Divergence.top1AgreesWithTies(2, quantized));
        assertFalse(Divergence.top1AgreesWithTies(3, quantized));
    }
}
