package dev.panamaedge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.panamaedge.runtime.image.Prediction;
import dev.panamaedge.testsupport.SharedPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page at {@code /} in a real headless Chromium against a real server ({@link ServerMain} on a free
 * loopback port, the small MobileNetV2 on the reference engine): a real mouse click on the drop zone opens
 * the file picker, a real photo is uploaded through it, and the rendered top-5 bars and latency line are
 * checked against the same photo classified outside the server. The seeded model carries the untrained-weights
 * banner; the pretrained Coral model does not, and its bars are probabilities of real classes (never the
 * background) that add up to at most 100 %. Saves {@code target/web-page.png} and {@code target/web-page-coral.png}.
 */
final class WebPageBrowserTest {
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Duration CLASSIFY = Duration.ofSeconds(120);
    private static final Pattern LATENCY =
            Pattern.compile("Latency: (\\d+\\.\\d) ms round trip, (\\d+\\.\\d) ms inference");

    /** Resolves once the page shows a result or an error (checks at once, then watches the DOM). */
    private static final String RESULT_SHOWN = """
            new Promise(resolve => {
              const s = document.getElementById('status');
              const settled = () => s.dataset.done === 'true' || s.className === 'error';
              if (settled()) { resolve(true); return; }
              new MutationObserver((_, o) => { if (settled()) { o.disconnect(); resolve(true); } })
                .observe(s, { attributes: true, childList: true, characterData: true, subtree: true });
            })""";

    private static final String RENDERED = """
            JSON.stringify({
              status: document.getElementById('status').textContent,
              statusClass: document.getElementById('status').className,
              model: document.getElementById('model').textContent,
              banner: document.getElementById('untrained') ? document.getElementById('untrained').textContent : '',
              previewShown: getComputedStyle(document.getElementById('preview')).display !== 'none',
              rows: [...document.querySelectorAll('#result .prediction')].map(r => ({
                label: r.querySelector('.label').textContent,
                pct: r.querySelector('.pct').textContent,
                bar: r.querySelector('.bar').getBoundingClientRect().width,
                track: r.querySelector('.track').getBoundingClientRect().width }))
            })""";

    @Test
    void clickingTheDropZoneAndUploadingAPhotoShowsTheTop5BarsAndTheLatency() throws Exception {
        Path photo = SharedPhotos.path("owl.jpg");
        List<Prediction> want = ClassifyTest.expectedTop5(Files.readAllBytes(photo));
        ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0", "engine",
                "reference", "model", TestModels.mobilenetXml().toString(), "model-name", "mobilenet"));
        try (ServerMain server = ServerMain.start(config, new Engines(), List::of)) {
            JsonNode shown = upload(server, photo, "web-page.png");
            assertEquals("", shown.get("statusClass").asText(), shown.get("status").asText());
            assertEquals("mobilenet", shown.get("model").asText());
            // Seeded weights: the page says so, with the one command that brings real ones.
            assertTrue(shown.get("banner").asText().contains("untrained (seeded)"), shown.toString());
            assertTrue(shown.get("banner").asText().contains("./edge models pull mobilenet_v2_imagenet"),
                    shown.toString());
            assertTrue(shown.get("previewShown").asBoolean(), "the picked photo is previewed");
            JsonNode rows = shown.get("rows");
            assertEquals(5, rows.size(), shown.toString());
            for (int i = 0; i < 5; i++) {
                JsonNode row = rows.get(i);
                double probability = want.get(i).probability();
                assertEquals(want.get(i).label(), row.get("label").asText(), "row " + i);
                String pct = row.get("pct").asText();
                assertTrue(pct.endsWith("%"), pct);
                // The page rounds to one decimal (toFixed(1)), so the shown percentage is within 0.05 points.
                assertEquals(probability * 100, Double.parseDouble(pct.substring(0, pct.length() - 1)), 0.0501,
                        "row " + i);
                // The bar spans that percentage of its track, to a pixel.
                double track = row.get("track").asDouble();
                assertTrue(track > 100, "track width " + track);
                assertEquals(Double.parseDouble(pct.substring(0, pct.length() - 1)) / 100 * track,
                        row.get("bar").asDouble(), 1.0, "row " + i + " bar width");
            }
            Matcher latency = LATENCY.matcher(shown.get("status").asText());
            assertTrue(latency.matches(), shown.get("status").asText());
            double roundTrip = Double.parseDouble(latency.group(1));
            double inference = Double.parseDouble(latency.group(2));
            assertTrue(inference > 0, "inference ms " + inference);
            assertTrue(roundTrip >= inference, "round trip " + roundTrip + " < inference " + inference);
        }
    }

    @Test
    void thePretrainedModelShowsProbabilitiesOfRealClassesAndNoBanner() throws Exception {
        Path photo = SharedPhotos.path("hot_dog.jpg");
        ServerConfig config = ServerConfig.load(Optional.empty(), Map.of(), Map.of("port", "0", "model",
                TestModels.coralXml().toString(), "model-name", "coral"));
        try (ServerMain server = ServerMain.start(config, new Engines(), List::of)) {
            JsonNode shown = upload(server, photo, "web-page-coral.png");
            assertEquals("", shown.get("statusClass").asText(), shown.get("status").asText());
            assertEquals("", shown.get("banner").asText(), "no untrained banner for pretrained weights");
            JsonNode rows = shown.get("rows");
            assertEquals(5, rows.size(), shown.toString());
            assertTrue(rows.get(0).get("label").asText().startsWith("hotdog"), shown.toString());
            double sum = 0;
            for (JsonNode row : rows) {
                String pct = row.get("pct").asText();
                double percent = Double.parseDouble(pct.substring(0, pct.length() - 1));
                assertTrue(percent >= 0 && percent <= 100, pct);
                assertFalse(row.get("label").asText().equalsIgnoreCase("background"), shown.toString());
                assertTrue(row.get("bar").asDouble() <= row.get("track").asDouble() + 0.5, row.toString());
                sum += percent;
            }
            // Each shown figure is rounded to 0.1 points.
            assertTrue(sum <= 100 + 5 * 0.05, "top-5 adds up to " + sum + " %");
            assertTrue(Double.parseDouble(rows.get(0).get("pct").asText().replace("%", "")) > 50, shown.toString());
        }
    }

    /**
     * Opens the page of {@code server} in headless Chromium, clicks the drop zone, picks {@code photo} in the file
     * chooser the click opens, waits for the result and returns what the page rendered; saves a screenshot.
     */
    private static JsonNode upload(ServerMain server, Path photo, String screenshotName) throws Exception {
        try (Chromium chromium = Chromium.start(STEP);
             DevTools devtools = DevTools.connect(chromium.endpoint(), STEP)) {
            assertTrue(server.registry().awaitLoaded(120_000), "model did not load");
            String page = devtools.send("Target.createTarget", params("url", "about:blank"), STEP)
                    .get("targetId").asText();
            ObjectNode attach = params("targetId", page).put("flatten", true);
            String s = devtools.send("Target.attachToTarget", attach, STEP).get("sessionId").asText();
            devtools.send(s, "Page.enable", null, STEP);
            devtools.send(s, "Page.setInterceptFileChooserDialog", params().put("enabled", true), STEP);

            var loaded = devtools.nextEvent(s, "Page.loadEventFired");
            devtools.send(s, "Page.navigate", params("url", server.url()), STEP);
            DevTools.await(loaded, "loading " + server.url(), STEP);

            // A real click in the middle of the drop zone: the browser opens its file picker for the input.
            JsonNode box = evaluate(devtools, s, "JSON.stringify(document.getElementById('drop')"
                    + ".getBoundingClientRect())");
            double x = box.get("x").asDouble() + box.get("width").asDouble() / 2;
            double y = box.get("y").asDouble() + box.get("height").asDouble() / 2;
            var chooser = devtools.nextEvent(s, "Page.fileChooserOpened");
            mouse(devtools, s, "mouseMoved", x, y);
            mouse(devtools, s, "mousePressed", x, y);
            mouse(devtools, s, "mouseReleased", x, y);
            JsonNode opened = DevTools.await(chooser, "the file picker opening after the click on the drop zone",
                    STEP);
            assertEquals("selectSingle", opened.get("mode").asText());

            ObjectNode files = params().put("backendNodeId", opened.get("backendNodeId").asInt());
            files.putArray("files").add(photo.toAbsolutePath().toString());
            devtools.send(s, "DOM.setFileInputFiles", files, STEP);
            ObjectNode wait = params("expression", RESULT_SHOWN).put("awaitPromise", true);
            devtools.send(s, "Runtime.evaluate", wait, CLASSIFY);

            JsonNode shown = evaluate(devtools, s, RENDERED);
            screenshot(devtools, s, screenshotName);
            return shown;
        }
    }

    private static ObjectNode params() {
        return Json.MAPPER.createObjectNode();
    }

    private static ObjectNode params(String key, String value) {
        return params().put(key, value);
    }

    /** Evaluates an expression that returns a JSON string in the page and parses it. */
    private static JsonNode evaluate(DevTools devtools, String session, String expression) throws Exception {
        JsonNode result = devtools.send(session, "Runtime.evaluate",
                params("expression", expression).put("returnByValue", true), STEP);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("page script failed: " + result.get("exceptionDetails"));
        }
        return Json.MAPPER.readTree(result.get("result").get("value").asText());
    }

    private static void mouse(DevTools devtools, String session, String type, double x, double y) throws Exception {
        ObjectNode event = params("type", type).put("x", x).put("y", y);
        if (!type.equals("mouseMoved")) {
            event.put("button", "left").put("clickCount", 1);
        }
        devtools.send(session, "Input.dispatchMouseEvent", event, STEP);
    }

    private static void screenshot(DevTools devtools, String session, String name) throws Exception {
        JsonNode shot = devtools.send(session, "Page.captureScreenshot", params("format", "png"), STEP);
        Path out = Path.of("target", name);
        Files.createDirectories(out.getParent());
        Files.write(out, Base64.getDecoder().decode(shot.get("data").asText()));
    }
}
