package dev.panamaedge.server;

import java.util.Locale;

/**
 * The two text formats {@code /metrics} speaks: Prometheus' text format 0.0.4 (the default) and OpenMetrics
 * 1.0.0, which Prometheus asks for first in its {@code Accept} header. They differ, for what is rendered here,
 * in three places: the content type, a counter family's name in {@code # HELP}/{@code # TYPE} (OpenMetrics
 * names the family without the {@code _total} its samples carry), and the closing {@code # EOF} line.
 */
enum ExpositionFormat {
    PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

    private final String contentType;

    ExpositionFormat(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    /**
     * The format an {@code Accept} header prefers: OpenMetrics when it lists
     * {@code application/openmetrics-text} with a quality no lower than any other type it lists, else text.
     */
    static ExpositionFormat forAccept(String accept) {
        double openMetrics = -1;
        double other = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2).strip());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("application/openmetrics-text")) {
                openMetrics = Math.max(openMetrics, q);
            } else if (!type.isEmpty()) {
                other = Math.max(other, q);
            }
        }
        return openMetrics > 0 && openMetrics >= other ? OPENMETRICS : PROMETHEUS_TEXT;
    }

    /** Appends the family's {@code # HELP} and {@code # TYPE} lines; {@code name} as its samples spell it. */
    void header(StringBuilder out, String name, String type, String help) {
        String family = this == OPENMETRICS && type.equals("counter") && name.endsWith("_total")
                ? name.substring(0, name.length() - "_total".length()) : name;
        out.append("# HELP ").append(family).append(' ').append(help).append('\n')
                .append("# TYPE ").append(family).append(' ').append(type).append('\n');
    }

    /** What ends the exposition: OpenMetrics requires {@code # EOF}. */
    void end(StringBuilder out) {
        if (this == OPENMETRICS) {
            out.append("# EOF\n");
        }
    }
}
