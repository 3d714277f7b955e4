/**
 * {@code edge dist}: the self-contained distribution one gateway runs ({@link Distribution}: a jlink'd Java
 * runtime, the serving jars, OpenVINO's runtime libraries from the pinned wheel, a launcher, a configuration
 * and a systemd unit), its {@code .tar.gz} ({@link Tarball}) and an OCI image layout of the same tree for a
 * fleet ({@link OciImage}).
 */
package dev.panamaedge.tools.dist;
