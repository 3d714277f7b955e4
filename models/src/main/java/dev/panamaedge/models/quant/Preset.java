package dev.panamaedge.models.quant;

/**
 * Quantization presets, named as NNCF names them.
 *
 * <p>Both quantize weights per output channel, symmetric int8 ({@code levels = 255}, codes -127..127).
 * {@link #PERFORMANCE} quantizes activations symmetrically: u8 {@code [0, s]} for non-negative tensors,
 * i8 {@code [-s, s·127/128]} otherwise (256 levels), the form the CPU plugin's int8 kernels take without
 * zero-point compensation. {@link #MIXED} quantizes activations asymmetrically ({@code [low, high]} nudged so
 * that 0 is a code), which fits skewed ranges better at a small cost in speed.
 */
public enum Preset {
    PERFORMANCE,
    MIXED
}
