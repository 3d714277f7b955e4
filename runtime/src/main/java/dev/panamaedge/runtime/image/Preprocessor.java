package dev.panamaedge.runtime.image;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Turns images into a model's input tensor exactly as its {@link Preprocessing} says; the same code
 * feeds the reference and the OpenVINO engine, so both see identical bytes.
 *
 * <p>Steps: resize bilinearly (see {@link Bilinear}: half-pixel centres, no antialiasing) so the shorter
 * side becomes {@code round(max(width, height) / cropFraction)} and the longer side keeps the aspect ratio
 * (truncated, as torchvision's {@code Resize} does); centre-crop {@code width × height} with the offset
 * rounded half-to-even, as torchvision's {@code CenterCrop}; reorder to {@code colorOrder}; compute
 * {@code (pixel − mean[c]) / scale[c]} where {@code c} is the channel index in the output order; store as
 * f32, or rounded half-to-even and saturated for u8 and i8; lay out as {@code NCHW} or {@code NHWC}.
 *
 * <p>Immutable and thread-safe. Returned tensors live on the heap and belong to the caller.
 */
public final class Preprocessor {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Preprocessing spec;
    private final float[] mean;
    private final float[] scale;
    private final boolean bgr;
    private final boolean nchw;

    /**
     * @throws IllegalArgumentException if the element type is not f32, u8 or i8
     */
    public Preprocessor(Preprocessing spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        ElementType t = spec.elementType();
        if (t != ElementType.F32 && t != ElementType.U8 && t != ElementType.I8) {
            throw new IllegalArgumentException("image input must be f32, u8 or i8, got " + t.irName());
        }
        this.mean = spec.mean();
        this.scale = spec.scale();
        this.bgr = spec.colorOrder().equals("BGR");
        this.nchw = spec.layout().equals("NCHW");
    }

    public Preprocessing spec() {
        return spec;
    }

    /** The input shape for {@code batch} images: {@code [N,3,H,W]} or {@code [N,H,W,3]}. */
    public Shape shape(int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        return nchw ? Shape.of(batch, 3, spec.height(), spec.width()) : Shape.of(batch, spec.height(), spec.width(), 3);
    }

    /** The side the shorter image side is resized to before cropping. */
    public int resizedShorterSide() {
        return (int) Math.round(Math.max(spec.width(), spec.height()) / spec.cropFraction());
    }

    /** Decodes a file and preprocesses it into a batch of one. */
    public Tensor read(Path file) throws IOException {
        return tensor(ImageDecoder.read(file));
    }

    /** One image as a batch of one. */
    public Tensor tensor(RgbImage image) {
        return batch(List.of(image));
    }

    /**
     * Several images stacked along the batch dimension, in list order.
     *
     * @throws IllegalArgumentException for an empty list
     */
    public Tensor batch(List<RgbImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one image");
        }
        Shape shape = shape(images.size());
        ElementType type = spec.elementType();
        long perImage = 3L * spec.width() * spec.height();
        MemorySegment data = MemorySegment.ofArray(new byte[Math.toIntExact(type.byteSize(shape.elementCount()))]);
        for (int n = 0; n < images.size(); n++) {
            float[] values = normalized(Objects.requireNonNull(images.get(n), "image " + n));
            store(values, data, n * perImage, type);
        }
        return Tensor.wrap(type, shape, data);
    }

    /**
     * The normalized values of one image in the output layout (CHW or HWC) before the element type
     * conversion: what an f32 input receives, and what u8/i8 inputs round.
     */
    public float[] normalized(RgbImage image) {
        float[] hwc = resizedCrop(image);
        int h = spec.height();
        int w = spec.width();
        int plane = h * w;
        float[] out = new float[hwc.length];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                float pixel = hwc[3 * p + (bgr ? 2 - c : c)];
                float v = (pixel - mean[c]) / scale[c];
                out[nchw ? c * plane + p : 3 * p + c] = v;
            }
        }
        return out;
    }

    /** Resize and centre crop only: interleaved RGB floats in 0..255, {@code height × width × 3}. */
    float[] resizedCrop(RgbImage image) {
        int target = resizedShorterSide();
        int inW = image.width();
        int inH = image.height();
        long resizedW;
        long resizedH;
        if (inW <= inH) {
            resizedW = target;
            resizedH = (long) target * inH / inW;
        } else {
            resizedH = target;
            resizedW = (long) target * inW / inH;
        }
        if (Math.max(resizedW, resizedH) > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException(inW + "x" + inH + " image has too extreme an aspect ratio to resize"
                    + " its shorter side to " + target);
        }
        int cropX = (int) Math.rint((resizedW - spec.width()) / 2.0);
        int cropY = (int) Math.rint((resizedH - spec.height()) / 2.0);
        return Bilinear.resizeWindow(image, (int) resizedW, (int) resizedH, cropX, cropY, spec.width(), spec.height());
    }

    private static void store(float[] values, MemorySegment data, long firstElement, ElementType type) {
        switch (type) {
            case F32 -> {
                for (int i = 0; i < values.length; i++) {
                    data.set(F32_LE, (firstElement + i) * Float.BYTES, values[i]);
                }
            }
            case U8 -> {
                for (int i = 0; i < values.length; i++) {
                    data.set(ValueLayout.JAVA_BYTE, firstElement + i, (byte) saturate(values[i], 0, 255));
                }
            }
            case I8 -> {
                for (int i = 0; i < values.length; i++) {
                    data.set(ValueLayout.JAVA_BYTE, firstElement + i, (byte) saturate(values[i], -128, 127));
                }
            }
            default -> throw new IllegalStateException("checked in the constructor: " + type);
        }
    }

    /** Rounds half to even and clamps; NaN becomes 0 rather than an arbitrary byte. */
    static int saturate(float v, int min, int max) {
        if (Float.isNaN(v)) {
            return 0;
        }
        double r = Math.rint(v);
        return (int) Math.max(min, Math.min(max, r));
    }
}
