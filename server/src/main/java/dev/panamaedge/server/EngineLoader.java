package dev.panamaedge.server;

import dev.panamaedge.runtime.Engine;
import java.io.IOException;
import java.nio.file.Path;

/** Loads an engine and the model's card for one model version; {@link Engines} is the real one. */
public interface EngineLoader {

    /** Loads and compiles {@code modelXml} as {@code settings} say. */
    Engine load(Path modelXml, ModelSettings settings) throws IOException;

    /** Reads the metadata sidecar beside {@code modelXml}, or {@link ModelCard#tensorsOnly()} if there is none. */
    ModelCard card(Path modelXml) throws IOException;
}
