package dev.panamaedge.models.mobilenet;

import java.util.stream.IntStream;

/**
 * A calibration batch of NCHW activations ({@code images[n]} holds {@code channels × size × size} floats)
 * and the few plain float kernels the weight generator needs to push it through the network.
 *
 * <p>These kernels exist only to measure activation statistics while generating weights; the engines
 * that run models live in runtime/. Each image is computed sequentially in a fixed order, so results are
 * bit-for-bit reproducible; images run in parallel because they are independent.
 */
record Activations(int channels, int size, float[][] images) {

    int plane() {
        return size * size;
    }

    static Activations zeros(int batch, int channels, int size) {
        return new Activations(channels, size, new float[batch][channels * size * size]);
    }

    /** 1x1 convolution; {@code weights} is {@code [out][in]}. */
    Activations pointwise(float[] weights, int outChannels) {
        Activations out = zeros(images.length, outChannels, size);
        int hw = plane();
        IntStream.range(0, images.length).parallel().forEach(n -> {
            float[] src = images[n];
            float[] dst = out.images[n];
            for (int o = 0; o < outChannels; o++) {
                int dstBase = o * hw;
                for (int i = 0; i < channels; i++) {
                    float w = weights[o * channels + i];
                    int srcBase = i * hw;
                    for (int p = 0; p < hw; p++) {
                        dst[dstBase + p] += w * src[srcBase + p];
                    }
                }
            }
        });
        return out;
    }

    /** 3x3 depthwise convolution, padding 1; {@code weights} is {@code [channels][3][3]}. */
    Activations depthwise(float[] weights, int stride) {
        int outSize = (size - 1) / stride + 1;
        Activations out = zeros(images.length, channels, outSize);
        IntStream.range(0, images.length).parallel().forEach(n -> {
            for (int c = 0; c < channels; c++) {
                accumulate3x3(images[n], c * plane(), out.images[n], c * out.plane(), weights, c * 9, stride, outSize);
            }
        });
        return out;
    }

    /** Dense 3x3 convolution, padding 1 (the stem); {@code weights} is {@code [out][in][3][3]}. */
    Activations dense3x3(float[] weights, int outChannels, int stride) {
        int outSize = (size - 1) / stride + 1;
        Activations out = zeros(images.length, outChannels, outSize);
        IntStream.range(0, images.length).parallel().forEach(n -> {
            for (int o = 0; o < outChannels; o++) {
                for (int i = 0; i < channels; i++) {
                    accumulate3x3(images[n], i * plane(), out.images[n], o * out.plane(), weights,
                            (o * channels + i) * 9, stride, outSize);
                }
            }
        });
        return out;
    }

    private void accumulate3x3(float[] src, int srcBase, float[] dst, int dstBase, float[] w, int wBase, int stride,
                               int outSize) {
        for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
                float weight = w[wBase + ky * 3 + kx];
                for (int oy = 0; oy < outSize; oy++) {
                    int iy = oy * stride - 1 + ky;
                    if (iy < 0 || iy >= size) {
                        continue;
                    }
                    int row = srcBase + iy * size;
                    int outRow = dstBase + oy * outSize;
                    for (int ox = 0; ox < outSize; ox++) {
                        int ix = ox * stride - 1 + kx;
                        if (ix >= 0 && ix < size) {
                            dst[outRow + ox] += weight * src[row + ix];
                        }
                    }
                }
            }
        }
    }

    /** Per-channel mean and (population) variance over every image and position, accumulated in double. */
    double[][] channelMoments() {
        int hw = plane();
        double[] mean = new double[channels];
        double[] var = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double sumSq = 0;
            for (float[] image : images) {
                for (int p = c * hw, end = p + hw; p < end; p++) {
                    sum += image[p];
                    sumSq += (double) image[p] * image[p];
                }
            }
            double count = (double) hw * images.length;
            mean[c] = sum / count;
            var[c] = Math.max(0, sumSq / count - mean[c] * mean[c]);
        }
        return new double[][] {mean, var};
    }

    /** {@code x·scale[c] + shift[c]}, then ReLU6 if asked: exactly what the folded conv + bias + Clamp compute. */
    void affineInPlace(float[] scale, float[] shift, boolean relu6) {
        int hw = plane();
        for (float[] image : images) {
            for (int c = 0; c < channels; c++) {
                for (int p = c * hw, end = p + hw; p < end; p++) {
                    float v = image[p] * scale[c] + shift[c];
                    image[p] = relu6 ? Math.min(Math.max(v, 0f), 6f) : v;
                }
            }
        }
    }

    /** Element-wise sum with a same-shaped batch (the residual shortcut). */
    Activations plus(Activations other) {
        Activations out = zeros(images.length, channels, size);
        for (int n = 0; n < images.length; n++) {
            for (int i = 0; i < images[n].length; i++) {
                out.images[n][i] = images[n][i] + other.images[n][i];
            }
        }
        return out;
    }

    /** Global average pool: {@code [n][channels]}. */
    double[][] meanPool() {
        int hw = plane();
        double[][] pooled = new double[images.length][channels];
        for (int n = 0; n < images.length; n++) {
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int p = c * hw, end = p + hw; p < end; p++) {
                    sum += images[n][p];
                }
                pooled[n][c] = sum / hw;
            }
        }
        return pooled;
    }
}
