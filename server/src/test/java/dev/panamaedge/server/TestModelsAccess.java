package dev.panamaedge.server;

import java.nio.file.Path;

/** {@link TestModels} for tests in sub-packages (it is package-private). */
public final class TestModelsAccess {
    private TestModelsAccess() {
    }

    public static Path mobilenetXml() {
        return TestModels.mobilenetXml();
    }

    /** {@link TestModels#registry()}: the small MobileNetV2 as "mobilenet" on the reference engine, loaded. */
    public static ModelRegistry registry() {
        return TestModels.registry();
    }
}
