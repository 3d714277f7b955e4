package dev.panamaedge.turbojpeg;

import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.TJCS_CMYK;
import static dev.panamaedge.bindings.turbojpeg.turbojpeg_h.TJCS_YCCK;

/**
 * What {@code tjDecompressHeader3} reads from a JPEG's header, before any pixel is decoded.
 *
 * @param width       full-size width in pixels
 * @param height      full-size height in pixels
 * @param subsampling chrominance subsampling, a {@code TJSAMP_*} value ({@code -1} if unknown)
 * @param colorspace  the JPEG colour space, a {@code TJCS_*} value
 */
public record JpegHeader(int width, int height, int subsampling, int colorspace) {
    /** Whether the data is CMYK or YCCK, which TurboJPEG cannot convert to RGB. */
    public boolean isCmyk() {
        return colorspace == TJCS_CMYK() || colorspace == TJCS_YCCK();
    }
}
