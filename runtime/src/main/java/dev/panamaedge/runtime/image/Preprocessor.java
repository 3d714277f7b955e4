package dev.panamaedge.runtime.image;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.models.ir.Preprocessing;
import dev.panamaedge.runtime.Shape;
import dev.panamaedge.runtime.Tensor;
import dev.panamaedge.runtime.VectorSwitch;
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
 * f32, or rounded half-to-even and saturated for u8 and i8 (NaN becomes 0); lay out as {@code NCHW} or
 * {@code NHWC}.
 *
 * <p>All of it is one pass that computes only the cropped window and writes the tensor's element type and
 * layout directly ({@link #writeInto}); a u8 model with mean 0 and scale 1 gets its bytes with no
 * normalisation step. The loops are Vector API kernels unless {@code -Dedge.vector.bits=0} selects their
 * scalar twins ({@link VectorSwitch}); both give the same bytes, so until the JIT has compiled the vector
 * kernels ({@link VectorWarmup}, a few seconds after the first image) images take the scalar ones. The sampling plan for a source size is kept
 * for the next image of that size, so a stream of camera frames builds it once.
 *
 * <p>Immutable and thread-safe. Returned tensors live on the heap and belong to the caller.
 */
public final class Preprocessor {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Preprocessing spec;
    private final boolean bgr;
    private final boolean nchw;
    private final Normalization normalization;
    /** The plan of the last source size seen; a race only builds one plan twice. */
    private volatile ResizePlan lastPlan;

    /**
     * @throws IllegalArgumentException if the element type is not f32, u8 or i8
     */
    public Preprocessor(Preprocessing spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        ElementType t = spec.elementType();
        if (t != ElementType.F32 && t != ElementType.U8 && t != ElementType.I8) {
            throw new IllegalArgumentException("image input must be f32, u8 or i8, got " + t.irName());
        }
        this.bgr = spec.colorOrder().equals("BGR");
        this.nchw = spec.layout().equals("NCHW");
        this.normalization = Normalization.forRow(spec.mean(), spec.scale(), spec.width(), nchw);
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

    /** Bytes one image occupies in the input tensor: {@code 3 · width · height} elements of the element type. */
    public long imageByteSize() {
        return spec.elementType().byteSize(3L * spec.width() * spec.height());
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

    /** One caller's frame, read in place (see {@link #writeInto(InterleavedFrame, MemorySegment, long)}), as a batch of one. */
    public Tensor tensor(InterleavedFrame frame) {
        MemorySegment data = MemorySegment.ofArray(new byte[Math.toIntExact(imageByteSize())]);
        writeInto(Objects.requireNonNull(frame, "frame"), data, 0);
        return Tensor.wrap(spec.elementType(), shape(1), data);
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
        MemorySegment data = MemorySegment.ofArray(new byte[Math.toIntExact(type.byteSize(shape.elementCount()))]);
        for (int n = 0; n < images.size(); n++) {
            writeInto(Objects.requireNonNull(images.get(n), "image " + n), data, n * imageByteSize());
        }
        return Tensor.wrap(type, shape, data);
    }

    /**
     * Preprocesses one image straight into {@code dest}: its {@link #imageByteSize()} bytes from
     * {@code byteOffset} receive the image as one batch element of the input tensor (element type, layout,
     * little-endian f32). A batcher writes image {@code n} at {@code n · imageByteSize()} of a native tensor.
     * Nothing else in {@code dest} is touched; no alignment is required.
     *
     * @throws IllegalArgumentException if the image does not fit {@code dest} at {@code byteOffset}, or
     *                                  {@code dest} is read-only
     */
    public void writeInto(RgbImage image, MemorySegment dest, long byteOffset) {
        writeInto(image, dest, byteOffset, spec.elementType(), vectorKernels());
    }

    /**
     * As {@link #writeInto(RgbImage, MemorySegment, long)}, reading a caller's (possibly BGR, possibly
     * row-padded) frame in place instead of an {@link RgbImage}.
     *
     * @throws IllegalArgumentException if the image does not fit {@code dest} at {@code byteOffset}, or
     *                                  {@code dest} is read-only
     */
    public void writeInto(InterleavedFrame frame, MemorySegment dest, long byteOffset) {
        writeInto(frame, dest, byteOffset, spec.elementType(), vectorKernels());
    }

    /**
     * The normalized values of one image in the output layout (CHW or HWC) before the element type
     * conversion: what an f32 input receives, and what u8/i8 inputs round.
     */
    public float[] normalized(RgbImage image) {
        int n = 3 * spec.width() * spec.height();
        MemorySegment f32 = MemorySegment.ofArray(new byte[Math.multiplyExact(n, Float.BYTES)]);
        writeInto(image, f32, 0, ElementType.F32, vectorKernels());
        float[] out = new float[n];
        MemorySegment.copy(f32, F32_LE, 0, out, 0, n);
        return out;
    }

    /** The switch, and once the JIT has compiled the vector kernels (see {@link VectorWarmup}). */
    private static boolean vectorKernels() {
        return VectorSwitch.ENABLED && VectorWarmup.ready();
    }

    /** {@link #writeInto(RgbImage, MemorySegment, long)} as {@code type}, through the chosen kernels (tests). */
    void writeInto(RgbImage image, MemorySegment dest, long byteOffset, ElementType type, boolean vector) {
        writeInto(InterleavedFrame.of(Objects.requireNonNull(image, "image")), dest, byteOffset, type, vector);
    }

    void writeInto(InterleavedFrame frame, MemorySegment dest, long byteOffset, ElementType type, boolean vector) {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(dest, "dest");
        long size = type.byteSize(3L * spec.width() * spec.height());
        if (byteOffset < 0 || byteOffset > dest.byteSize() - size) {
            throw new IllegalArgumentException("a " + size + "-byte image does not fit at offset " + byteOffset
                    + " of a " + dest.byteSize() + "-byte segment");
        }
        if (dest.isReadOnly()) {
            throw new IllegalArgumentException("destination segment is read-only");
        }
        ResizePlan plan = plan(frame.width(), frame.height(), frame.bgr() != bgr);
        Bilinear.run(plan, frame.pixels(), frame.offset(), frame.rowStride(), normalization, type, dest, byteOffset,
                vector);
    }

    /**
     * The sampling plan for a source of this size whose channel order does ({@code swapRedBlue}) or does not
     * differ from the model's: the last one if it fits, else a new one.
     */
    ResizePlan plan(int inW, int inH, boolean swapRedBlue) {
        ResizePlan last = lastPlan;
        if (last != null && last.fits(inW, inH, swapRedBlue)) {
            return last;
        }
        int target = resizedShorterSide();
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
        ResizePlan plan = ResizePlan.window(inW, inH, (int) resizedW, (int) resizedH, cropX, cropY, spec.width(),
                spec.height(), nchw, swapRedBlue);
        lastPlan = plan;
        return plan;
    }
}
