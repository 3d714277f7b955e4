package dev.panamaedge.runtime.image;

/**
 * Per-channel {@code (pixel − mean) / scale}, spread over one output row in the tensor's value order so the
 * kernels index it like the row itself ({@code mean[j]} belongs to row value {@code j}).
 *
 * @param mean     per row value, on the 0..255 scale
 * @param scale    per row value
 * @param identity mean 0 and scale 1 everywhere: {@code (v − 0) / 1 = v} exactly, so the kernels skip it
 */
record Normalization(float[] mean, float[] scale, boolean identity) {

    /** The row arrays for {@code width} pixels of planar ({@code c · width + x}) or interleaved values. */
    static Normalization forRow(float[] channelMean, float[] channelScale, int width, boolean planar) {
        int n = Math.multiplyExact(3, width);
        float[] mean = new float[n];
        float[] scale = new float[n];
        for (int x = 0; x < width; x++) {
            for (int c = 0; c < 3; c++) {
                int j = planar ? c * width + x : 3 * x + c;
                mean[j] = channelMean[c];
                scale[j] = channelScale[c];
            }
        }
        boolean identity = true;
        for (int c = 0; c < 3; c++) {
            identity &= Float.floatToIntBits(channelMean[c]) == Float.floatToIntBits(0f) && channelScale[c] == 1f;
        }
        return new Normalization(mean, scale, identity);
    }
}
