package dev.panamaedge.tools.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.runtime.image.Labels;
import dev.panamaedge.runtime.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class HtmlReportTest {

    @Test
    void reportIsOneSelfContainedFileWithEverySection(@TempDir Path tmp) throws Exception {
        var c = new PairComparison("FP32 base (reference)", "int8 <model> (OpenVINO)", true);
        float[] ref = {0.7f, 0.2f, 0.05f, 0.03f, 0.01f, 0.01f};
        c.add("cat.jpg", true, ref, new float[] {0.6f, 0.3f, 0.05f, 0.03f, 0.01f, 0.01f});
        c.add("cat.jpg~aug0", false, ref, new float[] {0.2f, 0.7f, 0.05f, 0.03f, 0.01f, 0.01f});
        PairMetrics m = c.metrics();
        var rows = List.of(new ModelReport.LayerRow("conv0", "Convolution", 41.5, 41.25),
                new ModelReport.LayerRow("conv1", "Convolution", 12.5, null));
        var model = new ModelReport("int8 <model>", m, Tolerance.INT8_VS_FP32.check(m), m, m,
                Tolerance.INT8_ENGINES.check(m), rows, "conv1", null, false);
        var report = new BaselineReport(1, "base", "CPU", "f32", 1, 1, 42, 1, 15, List.of(model), false, "reference");
        byte[] pixels = new byte[40 * 20 * 3];
        java.util.Arrays.fill(pixels, (byte) 200);
        String thumb = HtmlReport.thumbnail(RgbImage.of(40, 20, pixels), 16);
        assertTrue(thumb.startsWith("data:image/jpeg;base64,"));
        byte[] jpeg = Base64.getDecoder().decode(thumb.substring(thumb.indexOf(',') + 1));
        var decoded = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertEquals(16, decoded.getWidth());
        assertEquals(8, decoded.getHeight());

        Path file = new HtmlReport(report, List.of(new HtmlReport.Details(model, c.results(), c.allAbsDiffs())),
                Map.of("cat.jpg", thumb), new Labels(List.of("cat", "dog", "fox", "owl", "emu", "yak"), 0)).write(tmp);
        assertEquals(tmp.resolve("report.html"), file);
        String html = Files.readString(file);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<h2 id=\"summary\">Side by side</h2>"));
        assertTrue(html.contains("int8 &lt;model&gt;"), "model names are escaped");
        assertFalse(html.contains("int8 <model>"));
        assertTrue(html.contains("<td>50.00 %</td>"), "top-1 agreement of 1 in 2");
        assertTrue(html.contains("Per-layer SQNR against the FP32 baseline (2 layers, 1 photos; threshold 15.0 dB)"));
        assertTrue(html.contains("reference INT8 simulation <b>conv1</b>; OpenVINO <b>none</b>"));
        assertTrue(html.contains("<title>conv1 (Convolution): 12.5 dB</title>"));
        assertTrue(html.contains("<td class=\"l\">conv0</td><td class=\"l\">Convolution</td><td>41.5</td><td>41.3</td>"));
        assertEquals(3, count(html, "<svg"), "two SQNR charts and one histogram");
        assertTrue(html.contains("12 values, tallest bin"));
        assertTrue(html.contains("<img alt=\"cat.jpg\" src=\"" + thumb + "\">"));
        assertTrue(html.contains("<li>cat (0)</li>"));
        assertTrue(html.contains("<li>dog (1)</li>"));
        assertTrue(html.contains("<td>differs</td>"), "the augmented disagreement is listed");
        assertTrue(html.contains("top-1 agreement 50.00 % &lt; 98.00 %"));
        // self-contained: no scripts and nothing fetched
        assertFalse(html.contains("<script"));
        assertFalse(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").matches("(?s).*(src|href)=\"https?:.*"));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
