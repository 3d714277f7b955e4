package dev.panamaedge.models.mobilenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.IrWriter;
import dev.panamaedge.testsupport.ProjectVenv;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The written IR is what OpenVINO expects: its CPU plugin (through the project venv's Python API, f32
 * inference precision) computes the same logits as the test interpreter reading the graph op by op.
 */
class OpenVinoAgreementTest {
    private static final String SCRIPT = """
            import sys, numpy as np, openvino as ov
            core = ov.Core()
            compiled = core.compile_model(core.read_model(sys.argv[1]), "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
            x = np.fromfile(sys.argv[2], dtype="<f4").reshape(compiled.input("input").get_shape())
            compiled(x)[compiled.output("logits")].astype("<f4").tofile(sys.argv[3])
            """;

    @Test
    void openVinoComputesTheSameLogitsAsTheGraphSays(@TempDir Path dir) throws IOException, InterruptedException {
        Path python = ProjectVenv.tool("python");
        Path xml = dir.resolve("model.xml");
        IrModel model = MobileNetV2.build(MobileNetV2Test.SMALL, MobileNetV2Test.SEED);
        IrWriter.write(model, xml);
        var input = TestImages.photo("grace_hopper.bmp", 96);
        ByteBuffer raw = ByteBuffer.allocate(input.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(input.data());
        Files.write(dir.resolve("input.f32"), raw.array());

        Process p = new ProcessBuilder(python.toString(), "-c", SCRIPT, xml.toString(),
                dir.resolve("input.f32").toString(), dir.resolve("logits.f32").toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python finished");
        assertEquals(0, p.exitValue(), log);

        float[] expected = FloatGraphInterpreter.run(model, input).get("logits").data();
        float[] actual = new float[expected.length];
        ByteBuffer.wrap(Files.readAllBytes(dir.resolve("logits.f32"))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                .get(actual);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst < 1e-3 * (1 + MobileNetV2Test.std(expected)), "max abs difference " + worst);
        assertEquals(MobileNetV2Test.argMax(expected), MobileNetV2Test.argMax(actual));
    }
}
