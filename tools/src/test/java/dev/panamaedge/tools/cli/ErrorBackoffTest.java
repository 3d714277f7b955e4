package dev.panamaedge.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The closed loop's wait after failures: doubling from 1 ms to the 200 ms cap, back to 1 ms after a success. */
final class ErrorBackoffTest {

    @Test
    void doublesWithEachFailureInARowUpToTheCap() {
        ErrorBackoff backoff = new ErrorBackoff();
        long[] millis = new long[11];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = backoff.afterFailure() / 1_000_000;
        }
        assertEquals("[1, 2, 4, 8, 16, 32, 64, 128, 200, 200, 200]", Arrays.toString(millis));
    }

    @Test
    void aSuccessStartsItOver() {
        ErrorBackoff backoff = new ErrorBackoff();
        for (int i = 0; i < 20; i++) {
            backoff.afterFailure();
        }
        backoff.reset();
        assertEquals(ErrorBackoff.FIRST_NANOS, backoff.afterFailure());
        assertEquals(2 * ErrorBackoff.FIRST_NANOS, backoff.afterFailure());
    }
}
