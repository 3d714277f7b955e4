package dev.panamaedge.tools.cli;

import dev.panamaedge.tools.report.BaselineReport;
import dev.panamaedge.tools.report.HtmlReport;
import dev.panamaedge.tools.report.ModelReport;
import dev.panamaedge.tools.report.PairMetrics;
import dev.panamaedge.tools.report.Tolerance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashMap;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a {@link BaselineValidation} and prints its report as text or JSON, and writes the HTML report. */
final class BaselineCommand {
    private final CommandSpec spec;
    private final boolean json;
    private final Path reportDir;

    BaselineCommand(CommandSpec spec, boolean json, Path reportDir) {
        this.spec = spec;
        this.json = json;
        this.reportDir = reportDir;
    }

    int run(BaselineValidation validation) throws IOException {
        List<BaselineValidation.Outcome> outcomes = validation.run();
        List<ModelReport> models = outcomes.stream().map(BaselineValidation.Outcome::report).toList();
        var samples = validation.samples();
        int photos = (int) samples.stream().filter(BaselineValidation.Sample::original).count();
        ModelProfile base = validation.baselineProfile();
        var report = new BaselineReport(1, base.name(), validation.device(), validation.precisionName(), photos,
                samples.size() - photos, validation.seed(), validation.layerSamples(), validation.thresholdDb(),
                models, models.stream().allMatch(ModelReport::passed),
                validation.baselineEngine());
        if (reportDir != null) {
            Map<String, String> thumbnails = new LinkedHashMap<>();
            List<HtmlReport.Details> details = new ArrayList<>();
            for (BaselineValidation.Outcome o : outcomes) {
                details.add(new HtmlReport.Details(o.report(), o.vsBaseline().results(), o.vsBaseline().allAbsDiffs()));
            }
            for (BaselineValidation.Sample s : samples) {
                if (s.original() || outcomes.stream().anyMatch(o -> o.vsBaseline().results().stream()
                        .anyMatch(r -> r.sample().equals(s.name()) && !r.top1Agrees()))) {
                    thumbnails.put(s.name(), HtmlReport.thumbnail(validation.image(s), 96));
                }
            }
            Path html = new HtmlReport(report, details, thumbnails, base.labels()).write(reportDir);
            spec.commandLine().getErr().println("validate: wrote " + html);
            spec.commandLine().getErr().flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            CliJson.print(out, report);
        } else {
            print(out, report);
        }
        return report.passed() ? Failures.EXIT_OK : Failures.EXIT_FAILED;
    }

    private static void print(PrintWriter out, BaselineReport r) {
        out.printf(Locale.ROOT, "validate against FP32 baseline %s (%s engine): %d photos + %d augmented,"
                + " OpenVINO %s, inference precision %s%n", r.baseline(), r.baselineEngine(), r.photos(), r.augmented(), r.device(),
                r.inferencePrecision());
        for (ModelReport m : r.models()) {
            out.printf(Locale.ROOT, "%n%s%n", m.model());
            line(out, "OpenVINO vs FP32", m.vsBaseline());
            line(out, "reference vs FP32", m.referenceVsBaseline());
            line(out, "OpenVINO vs reference", m.engines());
            verdict(out, "OpenVINO vs FP32", m.vsBaselineVerdict());
            verdict(out, "OpenVINO vs reference", m.enginesVerdict());
            if (!m.layers().isEmpty()) {
                out.printf(Locale.ROOT, "  per-layer SQNR (%d layers, threshold %.1f dB): first below on the"
                        + " reference: %s; on OpenVINO: %s%n", m.layers().size(), r.layerThresholdDb(),
                        orNone(m.firstReferenceLayerBelow()), orNone(m.firstNativeLayerBelow()));
            }
            out.println("  " + (m.passed() ? "PASSED" : "FAILED"));
        }
        out.println(r.passed() ? "PASSED" : "FAILED");
        out.flush();
    }

    private static String orNone(String s) {
        return s == null ? "none" : s;
    }

    private static void line(PrintWriter out, String what, PairMetrics p) {
        out.printf(Locale.ROOT, "  %-22s top-1 %6.2f %% (ties %6.2f %%)  top-5 overlap %6.2f %%  top-1 in top-5"
                        + " %6.2f %%  max|d| %.3e  mean|d| %.3e  cos min %.5f  KL mean %.2e max %.2e%n", what,
                100 * p.top1Agreement(), 100 * p.top1AgreementTies(), 100 * p.top5Overlap(), 100 * p.top1InTop5(),
                p.maxAbsDiff(), p.meanAbsDiff(), p.minCosine(), p.meanKl(), p.maxKl());
    }

    private static void verdict(PrintWriter out, String what, Tolerance.Verdict v) {
        out.printf(Locale.ROOT, "  tolerance %s (%s): %s: %s%s%n", v.tolerance(), what, v.description(),
                v.passed() ? "passed" : "FAILED", v.failures().isEmpty() ? "" : " - " + String.join("; ", v.failures()));
    }
}
