package dev.panamaedge.server.triton;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.image.Labels;
import dev.panamaedge.server.Inference;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Triton's {@code classification} output parameter: instead of the output tensor, its K largest elements as
 * BYTES strings {@code "value:index"} or {@code "value:index:label"}, largest first. {@code index} is the
 * element's position in the output (for a TensorFlow model with a background class first, ImageNet's class plus
 * one, as Triton reports it) and the label is that position's line of the labels (the metadata's labels shifted
 * by their offset), absent where there is none. Values print as C's {@code std::to_string} prints them, as
 * Triton does: {@code %f} for floating point, plain digits for integers. An output of rank 2 or more is
 * classified per item of its first (batch) dimension, giving shape {@code [batch, K]}; a vector gives {@code [K]}.
 *
 * @param shape   the BYTES output's shape
 * @param classes the strings, row-major
 */
public record TopKClassification(long[] shape, List<String> classes) {
    /** The parameter's name, in HTTP output {@code parameters} and gRPC requested-output {@code parameters}. */
    public static final String PARAMETER = "classification";

    /**
     * @param k the requested class count (at least 1); more than the output has gives them all
     * @throws IllegalArgumentException for a non-numeric output or {@code k < 1}
     */
    public static TopKClassification of(Inference.Output output, long k, Labels labels) {
        if (k < 1) {
            throw new IllegalArgumentException("output '" + output.name() + "': classification must be a positive "
                    + "integer, got " + k);
        }
        Tensor t = output.tensor();
        long[] dims = t.shape().dims();
        int rows = dims.length >= 2 ? Math.toIntExact(dims[0]) : 1;
        int total = Math.toIntExact(t.elementCount());
        int perRow = rows == 0 ? 0 : total / rows;
        int keep = (int) Math.min(k, perRow);
        boolean integral = integral(t.type(), output.name());
        double[] values = values(t, total);
        List<String> classes = new ArrayList<>(rows * keep);
        for (int r = 0; r < rows; r++) {
            int base = r * perRow;
            int[] order = IntStream.range(0, perRow).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -values[base + i]).thenComparingInt(i -> i))
                    .limit(keep).mapToInt(Integer::intValue).toArray();
            for (int i : order) {
                double v = values[base + i];
                String value = integral ? Long.toString((long) v) : String.format(Locale.ROOT, "%f", v);
                String label = label(labels, i);
                classes.add(value + ":" + i + (label.isEmpty() ? "" : ":" + label));
            }
        }
        return new TopKClassification(dims.length >= 2 ? new long[] {rows, keep} : new long[] {keep}, classes);
    }

    /** The request's {@code classification} value: a positive integer. */
    public static long count(Object value, String output) {
        if (value instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 1) {
            return n.longValue();
        }
        throw new IllegalArgumentException("output '" + output + "': parameters.classification must be a positive "
                + "integer, got " + value);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The strings in the BYTES wire form: each a 4-byte little-endian length and its UTF-8 bytes. */
    public byte[] serialized() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String c : classes) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static String label(Labels labels, int position) {
        int cls = position - labels.offset();
        if (cls < 0 || cls >= labels.names().size() || labels.names().get(cls) == null) {
            return "";
        }
        return labels.names().get(cls);
    }

    private static boolean integral(ElementType type, String name) {
        return switch (type) {
            case F16, BF16, F32, F64 -> false;
            case U8, I8, U16, I16, U32, I32, U64, I64, BOOLEAN -> true;
            default -> throw new IllegalArgumentException("output '" + name + "' is " + type.irName()
                    + ", which classification cannot rank");
        };
    }

    private static double[] values(Tensor t, int n) {
        MemorySegment d = t.data();
        double[] v = new double[n];
        ValueLayout.OfInt i32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        ValueLayout.OfLong i64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        ValueLayout.OfDouble f64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        switch (t.type()) {
            case I32 -> IntStream.range(0, n).forEach(i -> v[i] = d.get(i32, 4L * i));
            case U32 -> IntStream.range(0, n).forEach(i -> v[i] = Integer.toUnsignedLong(d.get(i32, 4L * i)));
            case I64, U64 -> IntStream.range(0, n).forEach(i -> v[i] = d.get(i64, 8L * i));
            case F64 -> IntStream.range(0, n).forEach(i -> v[i] = d.get(f64, 8L * i));
            case BOOLEAN -> IntStream.range(0, n).forEach(i -> v[i] = d.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0);
            default -> {
                float[] f = t.toFloatArray(); // exact for f32, f16, bf16 and the 8/16-bit integers
                IntStream.range(0, n).forEach(i -> v[i] = f[i]);
            }
        }
        return v;
    }
}
