package dev.panamaedge.runtime.image;

/**
 * Where every output value of one bilinear resize window samples its source: built once per source size and
 * preprocessing spec (a few microseconds, a few kilobytes) and reused for every frame of that size.
 *
 * <p>An output row holds {@code 3 · width} values in the order the tensor stores them: {@code 3x + c} for
 * interleaved (NHWC) and {@code c · width + x} for planar (NCHW) output. For each value the plan keeps the byte
 * index of its two horizontal taps inside the source columns the window reads ({@code [spanStart, spanStart +
 * spanPixels)}) and the weight of the right tap; for each output row, its two source rows and the weight of the
 * lower one. Channel {@code c} is the output channel; it reads source channel {@code 2 − c} when the source
 * and the output disagree on RGB versus BGR, so the reorder costs nothing. Sampling follows {@link Bilinear}.
 *
 * <p>Immutable once built; the arrays are read by the kernels directly and never written after construction.
 */
final class ResizePlan {
    final int sourceWidth;
    final int sourceHeight;
    final int width;
    final int height;
    final boolean planar;
    final boolean swapRedBlue;
    final int spanStart;
    final int spanPixels;
    /** Per row value: byte offset of the left and right tap from the span's first byte. */
    final int[] left;
    final int[] right;
    /** Per row value: weight of the right tap. */
    final float[] weightX;
    /** Per output row: the upper and lower source row, and the weight of the lower one. */
    final int[] top;
    final int[] bottom;
    final float[] weightY;

    private ResizePlan(int sourceWidth, int sourceHeight, int width, int height, boolean planar,
                       boolean swapRedBlue, int[] x0, int[] x1, float[] wx, int[] y0, int[] y1, float[] wy) {
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
        this.width = width;
        this.height = height;
        this.planar = planar;
        this.swapRedBlue = swapRedBlue;
        this.spanStart = x0[0]; // taps never decrease with x
        this.spanPixels = x1[width - 1] - spanStart + 1;
        int n = 3 * width;
        this.left = new int[n];
        this.right = new int[n];
        this.weightX = new float[n];
        for (int x = 0; x < width; x++) {
            for (int c = 0; c < 3; c++) {
                int j = planar ? c * width + x : 3 * x + c;
                int sourceChannel = swapRedBlue ? 2 - c : c;
                left[j] = 3 * (x0[x] - spanStart) + sourceChannel;
                right[j] = 3 * (x1[x] - spanStart) + sourceChannel;
                weightX[j] = wx[x];
            }
        }
        this.top = y0;
        this.bottom = y1;
        this.weightY = wy;
    }

    /**
     * The window {@code [cropX, cropX + cropWidth) × [cropY, cropY + cropHeight)} of a {@code sourceWidth ×
     * sourceHeight → resizedWidth × resizedHeight} resize.
     *
     * @throws IllegalArgumentException if the window does not fit the resize
     */
    static ResizePlan window(int sourceWidth, int sourceHeight, int resizedWidth, int resizedHeight, int cropX,
                             int cropY, int cropWidth, int cropHeight, boolean planar, boolean swapRedBlue) {
        if (sourceWidth <= 0 || sourceHeight <= 0 || resizedWidth <= 0 || resizedHeight <= 0 || cropWidth <= 0
                || cropHeight <= 0 || cropX < 0 || cropY < 0 || cropX > resizedWidth - cropWidth
                || cropY > resizedHeight - cropHeight) {
            throw new IllegalArgumentException("crop " + cropWidth + "x" + cropHeight + "+" + cropX + "+" + cropY
                    + " does not fit a " + sourceWidth + "x" + sourceHeight + " → " + resizedWidth + "x"
                    + resizedHeight + " resize");
        }
        Math.multiplyExact(3, cropWidth); // a row's values are int-indexed
        int[] x0 = new int[cropWidth];
        int[] x1 = new int[cropWidth];
        float[] wx = new float[cropWidth];
        Bilinear.taps(sourceWidth, resizedWidth, cropX, x0, x1, wx);
        int[] y0 = new int[cropHeight];
        int[] y1 = new int[cropHeight];
        float[] wy = new float[cropHeight];
        Bilinear.taps(sourceHeight, resizedHeight, cropY, y0, y1, wy);
        return new ResizePlan(sourceWidth, sourceHeight, cropWidth, cropHeight, planar, swapRedBlue, x0, x1, wx,
                y0, y1, wy);
    }

    /** Values in one output row: {@code 3 · width}. */
    int rowValues() {
        return 3 * width;
    }

    boolean fits(int sourceWidth, int sourceHeight, boolean swapRedBlue) {
        return this.sourceWidth == sourceWidth && this.sourceHeight == sourceHeight
                && this.swapRedBlue == swapRedBlue;
    }
}
