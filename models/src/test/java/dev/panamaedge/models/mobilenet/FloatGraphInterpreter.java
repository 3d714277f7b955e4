package dev.panamaedge.models.mobilenet;

import dev.panamaedge.models.ir.Edge;
import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.IrModel;
import dev.panamaedge.models.ir.Layer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only, deliberately naive float interpreter for the ops a generated MobileNetV2 uses (batch 1,
 * 2-D convolutions). It reads the graph as written, op by op from the specification, so it checks the
 * graph and its weights independently of the generator's own calibration kernels.
 */
final class FloatGraphInterpreter {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    record Tensor(long[] dims, float[] data) {
    }

    private FloatGraphInterpreter() {
    }

    /** Runs the model on one input; returns every layer's first output by layer name. */
    static Map<String, Tensor> run(IrModel model, Tensor input) {
        Map<Long, Edge> feeding = new HashMap<>();
        for (Edge e : model.edges()) {
            feeding.put(((long) e.toLayer() << 32) | e.toPort(), e);
        }
        Map<Integer, Tensor> values = new HashMap<>();
        Map<String, Tensor> byName = new HashMap<>();
        for (Layer l : model.layers()) {
            Tensor[] in = new Tensor[l.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                Edge e = feeding.get(((long) l.id() << 32) | l.input(i).id());
                in[i] = values.get(e.fromLayer());
            }
            Tensor out = switch (l.type()) {
                case "Parameter" -> input;
                case "Const" -> constant(model, l);
                case "Convolution" -> conv(l, in[0], in[1], 1);
                case "GroupConvolution" -> conv(l, in[0], in[1], (int) in[1].dims()[0]);
                case "Add" -> add(in[0], in[1]);
                case "Clamp" -> clamp(in[0], Float.parseFloat(l.requireAttribute("min")),
                        Float.parseFloat(l.requireAttribute("max")));
                case "ReduceMean" -> meanOverSpatial(in[0], in[1]);
                case "Reshape" -> new Tensor(toLongs(in[1]), in[0].data());
                case "MatMul" -> matMulTransposeB(l, in[0], in[1]);
                case "Result" -> in[0];
                default -> throw new IllegalArgumentException("interpreter has no " + l.type());
            };
            values.put(l.id(), out);
            byName.put(l.name(), out);
        }
        return byName;
    }

    private static Tensor constant(IrModel model, Layer l) {
        MemorySegment bytes = model.constantData(l);
        long[] dims = l.output(0).dims();
        ElementType type = l.output(0).type();
        float[] data = new float[(int) l.output(0).elementCount()];
        for (int i = 0; i < data.length; i++) {
            data[i] = type == ElementType.I64 ? bytes.getAtIndex(I64, i) : bytes.getAtIndex(F32, i);
        }
        return new Tensor(dims, data);
    }

    private static Tensor conv(Layer l, Tensor x, Tensor w, int groups) {
        long[] s = parse(l.requireAttribute("strides"));
        long[] pb = parse(l.requireAttribute("pads_begin"));
        long[] d = parse(l.requireAttribute("dilations"));
        long[] od = l.output(0).dims();
        int cin = (int) x.dims()[1];
        int h = (int) x.dims()[2];
        int wd = (int) x.dims()[3];
        int cout = (int) od[1];
        int oh = (int) od[2];
        int ow = (int) od[3];
        int kh = (int) w.dims()[w.dims().length - 2];
        int kw = (int) w.dims()[w.dims().length - 1];
        int cinG = cin / groups;
        int coutG = cout / groups;
        float[] out = new float[cout * oh * ow];
        for (int o = 0; o < cout; o++) {
            int g = o / coutG;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float acc = 0;
                    for (int ci = 0; ci < cinG; ci++) {
                        int c = g * cinG + ci;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = (int) (oy * s[0] - pb[0] + ky * d[0]);
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = (int) (ox * s[1] - pb[1] + kx * d[1]);
                                if (ix >= 0 && ix < wd) {
                                    acc += w.data()[((o * cinG + ci) * kh + ky) * kw + kx] * x.data()[(c * h + iy) * wd + ix];
                                }
                            }
                        }
                    }
                    out[(o * oh + oy) * ow + ox] = acc;
                }
            }
        }
        return new Tensor(od, out);
    }

    /** Add with the two broadcasts the model needs: equal shapes, or a [1, C, 1, 1] / [1, K] bias. */
    private static Tensor add(Tensor a, Tensor b) {
        float[] out = a.data().clone();
        if (Arrays.equals(a.dims(), b.dims())) {
            for (int i = 0; i < out.length; i++) {
                out[i] += b.data()[i];
            }
            return new Tensor(a.dims(), out);
        }
        int channels = b.data().length;
        int inner = out.length / channels;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < inner; i++) {
                out[c * inner + i] += b.data()[c];
            }
        }
        return new Tensor(a.dims(), out);
    }

    private static Tensor clamp(Tensor x, float min, float max) {
        float[] out = x.data().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(Math.max(out[i], min), max);
        }
        return new Tensor(x.dims(), out);
    }

    private static Tensor meanOverSpatial(Tensor x, Tensor axes) {
        if (!Arrays.equals(toLongs(axes), new long[] {2, 3})) {
            throw new IllegalArgumentException("interpreter reduces axes [2, 3] only");
        }
        int c = (int) x.dims()[1];
        int hw = x.data().length / c;
        float[] out = new float[c];
        for (int i = 0; i < c; i++) {
            double sum = 0;
            for (int p = 0; p < hw; p++) {
                sum += x.data()[i * hw + p];
            }
            out[i] = (float) (sum / hw);
        }
        return new Tensor(new long[] {1, c, 1, 1}, out);
    }

    private static Tensor matMulTransposeB(Layer l, Tensor a, Tensor b) {
        if (!l.requireAttribute("transpose_b").equals("true") || !l.requireAttribute("transpose_a").equals("false")) {
            throw new IllegalArgumentException("interpreter supports MatMul with transpose_b only");
        }
        int k = (int) a.dims()[1];
        int n = (int) b.dims()[0];
        float[] out = new float[n];
        for (int j = 0; j < n; j++) {
            float acc = 0;
            for (int i = 0; i < k; i++) {
                acc += a.data()[i] * b.data()[j * k + i];
            }
            out[j] = acc;
        }
        return new Tensor(new long[] {1, n}, out);
    }

    private static long[] toLongs(Tensor t) {
        long[] v = new long[t.data().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (long) t.data()[i];
        }
        return v;
    }

    private static long[] parse(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    }

    static List<Float> asList(float[] values) {
        List<Float> list = new java.util.ArrayList<>();
        for (float v : values) {
            list.add(v);
        }
        return list;
    }
}
