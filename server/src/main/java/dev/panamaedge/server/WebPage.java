package dev.panamaedge.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The page at {@code /}: pick or drop an image, see the top-5 as bars and the latency. One static file
 * from the classpath; the served model's name is filled in per request, so a reload that changes the
 * default model shows up on the next page load. A model with untrained (seeded) weights gets a banner
 * saying so, with the command that brings real weights.
 */
final class WebPage {
    private static final String TEMPLATE = load();

    private WebPage() {
    }

    static void routes(HttpRouting.Builder routing, ModelRegistry registry) {
        routing.get("/", (req, res) -> {
            String model = registry.defaultModel().orElse("");
            res.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            res.send(TEMPLATE.replace("{{MODEL}}", escape(model)).replace("{{BANNER}}", banner(registry, model)));
        });
    }

    /** The untrained-weights banner, or nothing (also while the model is still loading or unknown). */
    private static String banner(ModelRegistry registry, String model) {
        boolean untrained;
        try {
            untrained = !model.isEmpty() && registry.resolve(model, java.util.Optional.empty()).card().untrained();
        } catch (ModelNotFoundException | ModelUnavailableException e) {
            untrained = false;
        }
        if (!untrained) {
            return "";
        }
        return "<p id=\"untrained\" class=\"banner\" role=\"alert\"><strong>Untrained model.</strong> "
                + escape(model) + " has " + ModelCard.UNTRAINED_WEIGHTS + " weights: its classes mean nothing. For"
                + " real ImageNet weights run <code>" + escape(dev.panamaedge.models.ModelStore.PRETRAINED_COMMAND)
                + "</code> (offline: <code>" + escape(dev.panamaedge.models.ModelStore.PRETRAINED_COMMAND_OFFLINE)
                + "</code>) and restart <code>./edge serve</code>.</p>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String load() {
        try (InputStream in = WebPage.class.getResourceAsStream("/web/index.html")) {
            if (in == null) {
                throw new IllegalStateException("web/index.html is missing from the server jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
