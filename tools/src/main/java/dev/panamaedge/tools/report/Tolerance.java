package dev.panamaedge.tools.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A named accuracy requirement for one comparison. Which applies depends on what is compared:
 * <ul>
 *   <li>{@link #FP32_ENGINES}: the same FP32 model on two engines must agree exactly on top-1 and within
 *       1e-3 × the output range (plain {@code edge validate});</li>
 *   <li>{@link #INT8_ENGINES}: an INT8 model on OpenVINO against the reference's own INT8 simulation:
 *       top-1 ≥ 99 %, counting a tie in quantized outputs as agreement when the reference's class is among
 *       OpenVINO's tied maxima (rounding a few values one step apart is expected there);</li>
 *   <li>{@link #INT8_VS_FP32}: an INT8 model against its FP32 baseline: top-1 ≥ 98 %, and the FP32 top-1
 *       within the INT8 top 5 on every original photo.</li>
 * </ul>
 *
 * @param name               how the report names it
 * @param minTop1            required top-1 agreement, 0..1
 * @param countTies          top-1 agreement counts ties (see {@link SampleResult#top1AgreesTied()})
 * @param maxDiffOverRange   allowed max |Δ| as a fraction of the reference range, or NaN for no bound
 * @param photosTop1InTop5   every original photo's reference top-1 must be in the candidate's top 5
 */
public record Tolerance(String name, double minTop1, boolean countTies, double maxDiffOverRange,
                        boolean photosTop1InTop5) {
    public static final Tolerance FP32_ENGINES = new Tolerance("fp32-engines", 1.0, false, 1e-3, false);
    public static final Tolerance INT8_ENGINES = new Tolerance("int8-engines", 0.99, true, Double.NaN, false);
    public static final Tolerance INT8_VS_FP32 = new Tolerance("int8-vs-fp32", 0.98, false, Double.NaN, true);

    /** The outcome: passed, and one line per violated requirement. */
    public record Verdict(String tolerance, String description, boolean passed, List<String> failures) {
        public Verdict {
            failures = List.copyOf(failures);
        }
    }

    /** One line saying what this tolerance requires. */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "top-1 >= %.0f %%%s", 100 * minTop1,
                countTies ? " (ties in quantized outputs count)" : ""));
        if (!Double.isNaN(maxDiffOverRange)) {
            s.append(String.format(Locale.ROOT, ", max |delta| <= %.0e x range", maxDiffOverRange));
        }
        if (photosTop1InTop5) {
            s.append(", reference top-1 within the top 5 on every photo");
        }
        return s.toString();
    }

    public Verdict check(PairMetrics m) {
        List<String> failures = new ArrayList<>();
        double top1 = countTies ? m.top1AgreementTies() : m.top1Agreement();
        if (top1 < minTop1) {
            failures.add(String.format(Locale.ROOT, "top-1 agreement %.2f %% < %.2f %%", 100 * top1, 100 * minTop1));
        }
        if (!Double.isNaN(maxDiffOverRange) && m.maxAbsDiff() > maxDiffOverRange * m.range()) {
            failures.add(String.format(Locale.ROOT, "max |delta| %.3e > %.3e", m.maxAbsDiff(),
                    maxDiffOverRange * m.range()));
        }
        if (photosTop1InTop5 && !m.photosTop1NotInTop5().isEmpty()) {
            failures.add("reference top-1 not in the top 5 on " + m.photosTop1NotInTop5());
        }
        return new Verdict(name, describe(), failures.isEmpty(), failures);
    }
}
