package dev.panamaedge.tools.quant;

import java.io.PrintWriter;

/** A one-line progress bar on stderr: {@code calibrating [#####.....] 150/300}, redrawn with a carriage return. */
final class Progress {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final int total;
    private int done;
    private int lastDrawn = -1;

    Progress(PrintWriter out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        draw();
    }

    void step() {
        done++;
        draw();
    }

    void done() {
        out.println();
        out.flush();
    }

    private void draw() {
        int filled = done * WIDTH / total;
        // Redraw only when the bar or a tenth of the count changes: a log file gets a few lines, not thousands.
        int key = filled * 1000 + done * 10 / total;
        if (key == lastDrawn && done != total) {
            return;
        }
        lastDrawn = key;
        out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total);
        out.flush();
    }
}
