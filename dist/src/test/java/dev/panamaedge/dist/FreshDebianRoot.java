package dev.panamaedge.dist;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The chroot tests' Debian root as a JUnit extension: before the class, the check that this machine can make and
 * enter one ({@link DebianRoot#requireRootAndTools}); per test, a fresh copy ({@link #copyTo}), removed after it.
 * Register it as a static field: {@code @RegisterExtension static final FreshDebianRoot ROOT = new FreshDebianRoot();}
 */
final class FreshDebianRoot implements BeforeAllCallback, AfterEachCallback {
    private Path copy;

    /** A fresh copy of the cached root at {@code target}, removed after the current test. */
    Path copyTo(Path target) throws Exception {
        copy = DebianRoot.copyTo(target);
        return copy;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        DebianRoot.requireRootAndTools();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (copy != null) {
            DebianRoot.remove(copy);
            copy = null;
        }
    }
}
