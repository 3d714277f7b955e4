package dev.panamaedge.server;

import java.nio.file.Path;

/** {@link TestModels} for tests in sub-packages (it is package-private). */
public final class TestModelsAccess {
    private TestModelsAccess() {
    }

    public static Path mobilenetXml() {
        return TestModels.mobilenetXml();
    }
}
