package dev.panamaedge.tools.report;

import dev.panamaedge.runtime.image.Labels;
import dev.panamaedge.runtime.image.RgbImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The {@code --report} of {@code edge validate --baseline}: one self-contained HTML file (inline CSS and
 * SVG, thumbnails as {@code data:} URIs, no scripts) with a side-by-side summary, each model's metrics and
 * tolerance verdicts, per-layer SQNR bars, a |Δ| histogram and a per-image top-5 table.
 */
public final class HtmlReport {
    /** At most this many augmented samples are listed in a per-image table (those whose top-1 differs). */
    static final int MAX_AUGMENTED_ROWS = 20;

    /** One model's report with what its charts need. */
    public record Details(ModelReport report, List<SampleResult> samples, float[] absDiffs) {
    }

    private final BaselineReport report;
    private final List<Details> details;
    private final Map<String, String> thumbnails;
    private final Labels labels;

    /** @param thumbnails sample name → {@code data:} URI, for the samples that get a row */
    public HtmlReport(BaselineReport report, List<Details> details, Map<String, String> thumbnails, Labels labels) {
        this.report = report;
        this.details = List.copyOf(details);
        this.thumbnails = Map.copyOf(thumbnails);
        this.labels = labels;
    }

    /** Writes {@code dir/report.html} (creating {@code dir}) and returns its path. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("report.html");
        Files.writeString(file, html(), StandardCharsets.UTF_8);
        return file;
    }

    /** A JPEG thumbnail whose longer side is {@code maxSide} pixels, as a {@code data:} URI. */
    public static String thumbnail(RgbImage image, int maxSide) throws IOException {
        double f = (double) maxSide / Math.max(image.width(), image.height());
        int w = Math.max(1, (int) Math.round(image.width() * Math.min(1, f)));
        int h = Math.max(1, (int) Math.round(image.height() * Math.min(1, f)));
        byte[] rgb = image.toInterleavedRgb();
        var full = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int i = 3 * (y * image.width() + x);
                full.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
            }
        }
        var small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(full, 0, 0, w, h, null);
        g.dispose();
        var bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(small, "jpeg", bytes)) {
            throw new IOException("no JPEG writer in this JDK");
        }
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    String html() {
        StringBuilder s = new StringBuilder(1 << 16);
        s.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>edge validate: ")
                .append(Html.escape(report.baseline())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1160px}")
                .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 6px;")
                .append("font-size:13px;text-align:right;vertical-align:top;white-space:nowrap}th{background:#f3f3f3}")
                .append("td.l,th.l{text-align:left}td.w{white-space:normal;max-width:160px;word-break:break-all}.pass{color:#187a18;font-weight:bold}.fail{color:#c00;font-weight:bold}")
                .append(".bad{background:#fde2e2}ol{margin:0;padding-left:18px;text-align:left;white-space:normal}")
                .append("img{display:block}</style></head><body>");
        s.append("<h1>edge validate</h1><p>Baseline <b>").append(Html.escape(report.baseline()))
                .append("</b> (FP32, reference engine) against ").append(report.models().size())
                .append(report.models().size() == 1 ? " model" : " models").append(String.format(Locale.ROOT,
                        " on %d photos + %d augmented variants (seed %d); OpenVINO %s, inference precision %s. ",
                        report.photos(), report.augmented(), report.seed(), Html.escape(report.device()),
                        Html.escape(report.inferencePrecision())))
                .append(verdict(report.passed())).append("</p>");
        summary(s);
        for (Details d : details) {
            model(s, d);
        }
        s.append("</body></html>\n");
        return s.toString();
    }

    private void summary(StringBuilder s) {
        s.append("<h2 id=\"summary\">Side by side</h2><table><tr><th class=\"l\">model</th><th class=\"l\">comparison</th>")
                .append("<th>top-1</th><th>top-1 (ties)</th><th>top-5 overlap</th><th>top-1 in top-5</th>")
                .append("<th>max |&Delta;|</th><th>mean |&Delta;|</th><th>p99 max |&Delta;|</th><th>min cos</th>")
                .append("<th>mean KL</th><th>max KL</th></tr>");
        for (ModelReport m : report.models()) {
            s.append("<tr><td class=\"l w\" rowspan=\"3\">").append(Html.escape(m.model())).append("</td>");
            metricsRow(s, "OpenVINO vs FP32", m.vsBaseline());
            s.append("<tr>");
            metricsRow(s, "reference vs FP32", m.referenceVsBaseline());
            s.append("<tr>");
            metricsRow(s, "OpenVINO vs reference", m.engines());
        }
        s.append("</table>");
    }

    private static void metricsRow(StringBuilder s, String what, PairMetrics p) {
        s.append(String.format(Locale.ROOT, "<td class=\"l\">%s</td><td>%.2f %%</td>"
                        + "<td>%.2f %%</td><td>%.2f %%</td><td>%.2f %%</td><td>%.3e</td><td>%.3e</td><td>%.3e</td>"
                        + "<td>%.5f</td><td>%.2e</td><td>%.2e</td></tr>", what,
                100 * p.top1Agreement(), 100 * p.top1AgreementTies(), 100 * p.top5Overlap(), 100 * p.top1InTop5(),
                p.maxAbsDiff(), p.meanAbsDiff(), p.p99AbsDiff(), p.minCosine(), p.meanKl(), p.maxKl()));
    }

    private void model(StringBuilder s, Details d) {
        ModelReport m = d.report();
        s.append("<h2>").append(Html.escape(m.model())).append(" ").append(verdict(m.passed())).append("</h2><ul>");
        verdictItem(s, "OpenVINO vs FP32", m.vsBaselineVerdict());
        verdictItem(s, "OpenVINO vs reference", m.enginesVerdict());
        s.append("</ul>");
        if (!m.layers().isEmpty()) {
            s.append(String.format(Locale.ROOT, "<h3>Per-layer SQNR against the FP32 baseline (%d layers, %d photos;"
                            + " threshold %.1f dB)</h3><p>First layer below the threshold: reference INT8 simulation <b>%s"
                            + "</b>; OpenVINO <b>%s</b>.</p>", m.layers().size(), report.layerSamples(),
                    report.layerThresholdDb(), Html.escape(orNone(m.firstReferenceLayerBelow())),
                    Html.escape(orNone(m.firstNativeLayerBelow()))));
            s.append("<p>Reference INT8 simulation</p>").append(SvgCharts.bars("per-layer SQNR, reference",
                    bars(m, false), report.layerThresholdDb(), "dB"));
            s.append("<p>OpenVINO (compute layers exposed as extra outputs)</p>").append(SvgCharts.bars(
                    "per-layer SQNR, OpenVINO", bars(m, true), report.layerThresholdDb(), "dB"));
            lowest(s, m);
        }
        s.append("<h3>|&Delta;| of the outputs, OpenVINO vs FP32</h3>")
                .append(SvgCharts.logHistogram("|delta| histogram", d.absDiffs(), -8, 0, 4));
        samples(s, d);
    }

    /** The layers with the lowest reference SQNR, so the worst offenders can be read without hovering. */
    private static void lowest(StringBuilder s, ModelReport m) {
        s.append("<table><tr><th class=\"l\">lowest SQNR layers</th><th class=\"l\">type</th>")
                .append("<th>reference INT8 (dB)</th><th>OpenVINO (dB)</th></tr>");
        m.layers().stream().sorted(java.util.Comparator.comparingDouble(ModelReport.LayerRow::referenceSqnrDb)).limit(10)
                .forEach(r -> s.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td class=\"l\">%s</td>"
                                + "<td>%.1f</td><td>%s</td></tr>", Html.escape(r.layer()), Html.escape(r.type()),
                        r.referenceSqnrDb(), r.nativeSqnrDb() == null ? "-"
                                : String.format(Locale.ROOT, "%.1f", r.nativeSqnrDb()))));
        s.append("</table>");
    }

    private static List<SvgCharts.Bar> bars(ModelReport m, boolean nativeEngine) {
        String first = nativeEngine ? m.firstNativeLayerBelow() : m.firstReferenceLayerBelow();
        List<SvgCharts.Bar> bars = new ArrayList<>();
        for (ModelReport.LayerRow r : m.layers()) {
            double v = nativeEngine ? (r.nativeSqnrDb() == null ? Double.NaN : r.nativeSqnrDb()) : r.referenceSqnrDb();
            bars.add(new SvgCharts.Bar(r.layer() + " (" + r.type() + ")", v, r.layer().equals(first)));
        }
        return bars;
    }

    private void samples(StringBuilder s, Details d) {
        s.append("<h3>Per image: top 5, FP32 baseline vs OpenVINO</h3><table><tr><th class=\"l\">image</th>")
                .append("<th class=\"l\">sample</th><th class=\"l\">FP32 top 5</th><th class=\"l\">model top 5</th>")
                .append("<th>top-1</th><th>cosine</th><th>KL</th></tr>");
        int augmentedRows = 0;
        for (SampleResult r : d.samples()) {
            if (!r.photo()) {
                if (r.top1Agrees() || augmentedRows >= MAX_AUGMENTED_ROWS) {
                    continue;
                }
                augmentedRows++;
            }
            String thumb = thumbnails.get(r.sample());
            s.append("<tr").append(r.top1Agrees() ? "" : " class=\"bad\"").append("><td class=\"l\">")
                    .append(thumb == null ? "" : "<img alt=\"" + Html.escape(r.sample()) + "\" src=\"" + thumb + "\">")
                    .append("</td><td class=\"l\">").append(Html.escape(r.sample())).append("</td><td class=\"l\">");
            top5(s, r.referenceTop5());
            s.append("</td><td class=\"l\">");
            top5(s, r.candidateTop5());
            s.append(String.format(Locale.ROOT, "</td><td>%s</td><td>%.5f</td><td>%.2e</td></tr>",
                    r.top1Agrees() ? "same" : r.top1AgreesTied() ? "tied" : "differs", r.cosine(), r.kl()));
        }
        s.append("</table>");
        long hidden = d.samples().stream().filter(r -> !r.photo()).count() - augmentedRows;
        if (hidden > 0) {
            s.append(String.format(Locale.ROOT, "<p>%d augmented samples not listed (same top-1, or beyond the first"
                    + " %d that differ).</p>", hidden, MAX_AUGMENTED_ROWS));
        }
    }

    private void top5(StringBuilder s, int[] classes) {
        s.append("<ol>");
        // The report compares raw outputs, so these are output indices; labels are by class (output − offset).
        for (int c : classes) {
            int classIndex = c - labels.offset();
            String name = classIndex < 0 ? "background" : labels.label(classIndex);
            s.append("<li>").append(Html.escape(name)).append(" (").append(c).append(")</li>");
        }
        s.append("</ol>");
    }

    private static void verdictItem(StringBuilder s, String what, Tolerance.Verdict v) {
        s.append("<li>").append(what).append(": tolerance <b>").append(Html.escape(v.tolerance())).append("</b> (")
                .append(Html.escape(v.description())).append(") ").append(verdict(v.passed()));
        if (!v.failures().isEmpty()) {
            s.append(": ").append(Html.escape(String.join("; ", v.failures())));
        }
        s.append("</li>");
    }

    private static String verdict(boolean passed) {
        return passed ? "<span class=\"pass\">PASSED</span>" : "<span class=\"fail\">FAILED</span>";
    }

    private static String orNone(String s) {
        return s == null ? "none" : s;
    }
}
