package dev.panamaedge.tools.report;

import java.util.List;
import java.util.Locale;

/** Inline SVG charts for the HTML report: no scripts, no external files. */
final class SvgCharts {
    private SvgCharts() {
    }

    /** One bar of a bar chart; {@code value} may be NaN (no bar) or infinite (drawn at the axis top). */
    record Bar(String label, double value, boolean highlighted) {
    }

    /**
     * Vertical bars, one per layer, with a dashed horizontal line at {@code threshold}; labels appear as
     * tooltips ({@code <title>}), since 60 layer names do not fit under the axis.
     */
    static String bars(String title, List<Bar> bars, double threshold, String unit) {
        int w = 1100;
        int h = 300;
        int left = 50;
        int bottom = 30;
        double max = threshold;
        for (Bar b : bars) {
            if (Double.isFinite(b.value())) {
                max = Math.max(max, b.value());
            }
        }
        max = Math.ceil(max / 10) * 10;
        double plotH = h - bottom - 20;
        double bw = bars.isEmpty() ? 0 : (w - left - 10) / (double) bars.size();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " role=\"img\" aria-label=\"%s\">", w, h, Html.escape(title)));
        for (int t = 0; t <= max; t += 10) {
            double y = 20 + plotH * (1 - t / max);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%d %s</text>", left, w - 10, y, y,
                    left - 4, y + 4, t, unit));
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            if (Double.isNaN(b.value())) {
                continue;
            }
            double v = Double.isInfinite(b.value()) ? max : Math.max(0, b.value());
            double bh = plotH * v / max;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                            + "<title>%s: %.1f %s</title></rect>", left + i * bw + 1, 20 + plotH - bh, Math.max(1, bw - 2),
                    bh, b.highlighted() ? "#d62728" : b.value() < threshold ? "#ff9f40" : "#1f77b4",
                    Html.escape(b.label()), b.value(), unit));
        }
        double ty = 20 + plotH * (1 - threshold / max);
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d62728\""
                + " stroke-dasharray=\"6 4\"/>", left, w - 10, ty, ty));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">layers in execution order"
                + " (hover a bar for its name)</text></svg>", left, h - 8));
        return s.toString();
    }

    /** Histogram of counts on a log10 x axis from {@code 10^lowExp} to {@code 10^highExp}. */
    static String logHistogram(String title, float[] values, int lowExp, int highExp, int binsPerDecade) {
        int bins = (highExp - lowExp) * binsPerDecade;
        long[] counts = new long[bins + 1]; // last bin: below 10^lowExp (including exact zeros)
        for (float v : values) {
            if (!(v > 0) || Math.log10(v) < lowExp) {
                counts[bins]++;
                continue;
            }
            int b = (int) Math.floor((Math.log10(v) - lowExp) * binsPerDecade);
            counts[Math.min(bins - 1, b)]++;
        }
        long max = 1;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        int w = 1100;
        int h = 260;
        int left = 60;
        int bottom = 40;
        double plotH = h - bottom - 20;
        double bw = (w - left - 10) / (double) (bins + 1);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " role=\"img\" aria-label=\"%s\">", w, h, Html.escape(title)));
        // Counts on a log scale too: the bulk near zero would flatten the tail on a linear one.
        double logMax = Math.log10(max + 1);
        for (int i = 0; i <= bins; i++) {
            double bh = plotH * Math.log10(counts[i] + 1) / logMax;
            int bin = i == bins ? -1 : i;
            String range = bin < 0 ? String.format(Locale.ROOT, "< 1e%d", lowExp) : String.format(Locale.ROOT,
                    "1e%.2f..1e%.2f", lowExp + (double) bin / binsPerDecade, lowExp + (bin + 1.0) / binsPerDecade);
            double x = bin < 0 ? left + 1 : left + (i + 1) * bw + 1;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                    + " fill=\"%s\"><title>%s: %d</title></rect>", x, 20 + plotH - bh, Math.max(1, bw - 2), bh,
                    bin < 0 ? "#999" : "#2ca02c", range, counts[i]));
        }
        for (int e = lowExp; e <= highExp; e++) {
            double x = left + (1 + (e - lowExp) * binsPerDecade) * bw;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"20\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">1e%d</text>", x, x,
                    20 + plotH, x, 20 + plotH + 14, e));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\">0 / tiny</text>", left - 55,
                20 + plotH + 14));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">|delta| per output value"
                + " (log scale); bar height: log count; %d values, tallest bin %d</text></svg>", left, h - 6,
                values.length, max));
        return s.toString();
    }
}
