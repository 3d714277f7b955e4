/**
 * JPEG decoding with libjpeg-turbo's TurboJPEG 2.x API through Java's FFM API, on the generated bindings
 * in {@code dev.panamaedge.bindings.turbojpeg}.
 *
 * <p>{@link dev.panamaedge.turbojpeg.TurboJpeg#load()} finds and loads {@code libturbojpeg.so.0} (system
 * property {@code edge.turbojpeg.library}, environment variable {@code EDGE_TURBOJPEG_LIBRARY}, then the
 * usual locations); {@link dev.panamaedge.turbojpeg.TurboJpegDecoder} owns the {@code tjhandle}s and decodes,
 * optionally at a DCT scale of 1/2, 1/4 or 1/8. {@link dev.panamaedge.turbojpeg.TurboJpegProvider} installs
 * it as runtime's JPEG decoder through {@link java.util.ServiceLoader}, so runtime never depends on this
 * module.
 */
package dev.panamaedge.turbojpeg;
