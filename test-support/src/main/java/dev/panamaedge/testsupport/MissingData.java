package dev.panamaedge.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's one rule for test data or tools that are not there. Outside CI the calling test is skipped
 * with the reason, because a developer may work without {@code ../shared} or the venv. Under CI both are
 * always laid out, so the test fails instead: a skip must never hide a broken CI set-up.
 */
public final class MissingData {
    private MissingData() {
    }

    /**
     * Whether this run is a CI run: the environment variable {@code CI} is set to anything but blank or
     * {@code false} (CI sets {@code CI=true}).
     *
     * @return true under CI
     */
    public static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.strip().equalsIgnoreCase("false");
    }

    /**
     * Skips the calling test with {@code reason} outside CI and fails it under CI. It never returns normally;
     * the type parameter lets a finder write {@code return MissingData.skipOrFail(reason);}.
     *
     * @param reason what is missing and where it was looked for
     * @param <T> whatever the caller would have returned
     * @return never
     */
    public static <T> T skipOrFail(String reason) {
        if (inCi()) {
            return Assertions.fail(reason + " (CI=" + System.getenv("CI")
                    + ": shared data and the project venv must be present)");
        }
        return Assumptions.abort(reason + " (skipped because CI is unset)");
    }
}
