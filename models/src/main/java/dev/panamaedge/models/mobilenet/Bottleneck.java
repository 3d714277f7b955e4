package dev.panamaedge.models.mobilenet;

/**
 * One inverted-residual block of MobileNetV2 as built for a {@link MobileNetV2Spec}.
 *
 * @param index          position in torchvision's {@code features} ({@code features.1} … {@code features.17})
 * @param expansion      expansion factor t (1 means no 1x1 expand conv)
 * @param inChannels     channels entering the block
 * @param hiddenChannels channels of the expanded / depthwise tensor, {@code round(inChannels · t)}
 * @param outChannels    channels leaving the block
 * @param stride         depthwise stride (1 or 2)
 * @param inputSize      spatial size (height = width) entering the block
 */
public record Bottleneck(int index, int expansion, int inChannels, int hiddenChannels, int outChannels, int stride,
                         int inputSize) {
    /** The paper's shortcut rule: only when the block keeps both resolution and channel count. */
    public boolean hasResidual() {
        return stride == 1 && inChannels == outChannels;
    }

    public boolean hasExpansion() {
        return expansion != 1;
    }

    /** Spatial size leaving the block: 3x3 depthwise with padding 1. */
    public int outputSize() {
        return (inputSize + 2 - 3) / stride + 1;
    }
}
