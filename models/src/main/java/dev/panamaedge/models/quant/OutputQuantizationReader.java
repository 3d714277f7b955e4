package dev.panamaedge.models.quant;

import dev.panamaedge.models.ir.Edge;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.Layer;
import dev.panamaedge.models.ir.OutputQuantization;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the scale and zero point of a model's integer output in its IR.
 *
 * <p>{@code ovc} expresses a quantized TFLite output as {@code FakeQuantize → Convert(u8|i8) → Result}: the
 * FakeQuantize maps its input range {@code [inLow, inHigh]} onto the codes {@code [outLow, outHigh]}, so one code
 * step is {@code (inHigh − inLow) / (outHigh − outLow)} and real 0 sits at code {@code outLow − inLow / scale}
 * (TFLite's u8 softmax: {@code [0, 255/256] → [0, 255]}, scale 1/256, zero point 0).
 */
public final class OutputQuantizationReader {
    private OutputQuantizationReader() {
    }

    /**
     * The quantization of the model's single output, when it is u8/i8 behind a per-tensor FakeQuantize; empty for
     * float outputs, several outputs and integer outputs with any other producer.
     */
    public static Optional<OutputQuantization> read(IrModel model) {
        Objects.requireNonNull(model, "model");
        if (model.results().size() != 1) {
            return Optional.empty();
        }
        Layer result = model.results().getFirst();
        ElementType type = result.input(0).type();
        if (type != ElementType.U8 && type != ElementType.I8) {
            return Optional.empty();
        }
        Optional<Layer> convert = producer(model, result, 0);
        if (convert.isEmpty() || !convert.get().type().equals("Convert")) {
            return Optional.empty();
        }
        Optional<Layer> fq = producer(model, convert.get(), 0);
        if (fq.isEmpty() || !fq.get().type().equals("FakeQuantize") || fq.get().inputs().size() != 5) {
            return Optional.empty();
        }
        double[] range = new double[4];
        for (int i = 1; i < 5; i++) {
            Optional<Layer> c = producer(model, fq.get(), i);
            if (c.isEmpty() || !c.get().type().equals("Const")) {
                return Optional.empty();
            }
            ConstantTensor t = ConstantTensor.read(model, c.get());
            if (t.size() == 0 || !t.isUniform()) {
                return Optional.empty(); // per-channel output quantization: not a classifier's softmax
            }
            range[i - 1] = t.values()[0];
        }
        double inLow = range[0];
        double inHigh = range[1];
        double outLow = range[2];
        double outHigh = range[3];
        if (!(inHigh > inLow) || !(outHigh > outLow)) {
            return Optional.empty();
        }
        double scale = (inHigh - inLow) / (outHigh - outLow);
        return Optional.of(new OutputQuantization(scale, (int) Math.round(outLow - inLow / scale)));
    }

    private static Optional<Layer> producer(IrModel model, Layer consumer, int inputIndex) {
        int port = consumer.input(inputIndex).id();
        return model.edges().stream().filter(e -> e.toLayer() == consumer.id() && e.toPort() == port)
                .findFirst().map(Edge::fromLayer).map(model::layer);
    }
}
