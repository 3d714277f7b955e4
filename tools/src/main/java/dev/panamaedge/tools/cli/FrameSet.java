package dev.panamaedge.tools.cli;

import dev.panamaedge.runtime.image.ImageDecoder;
import dev.panamaedge.runtime.image.RgbImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The frames {@code edge loadtest --images DIR} cycles over, read once at start: the image files of DIR as they
 * are (JPEG, PNG, BMP), or with {@code --raw WxH} each decoded and scaled to W×H (bilinear, aspect ratio not kept,
 * as a camera's sensor size is fixed) into raw interleaved RGB bytes.
 *
 * @param raw null for encoded files, else the raw frames' size
 */
record FrameSet(List<byte[]> frames, List<String> contentTypes, RawSize raw) {
    /** A raw frame size. */
    record RawSize(int width, int height) {
        /** Parses {@code WxH}, each side 1..8192. */
        static RawSize parse(String text) {
            String[] p = text.toLowerCase(Locale.ROOT).split("x", -1);
            try {
                if (p.length == 2) {
                    RawSize s = new RawSize(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
                    if (s.width > 0 && s.width <= 8192 && s.height > 0 && s.height <= 8192) {
                        return s;
                    }
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException("--raw must be WIDTHxHEIGHT with sides in 1..8192, e.g. 640x480, got '"
                    + text + "'");
        }

        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /**
     * Reads every {@code .jpg}, {@code .jpeg}, {@code .png} and {@code .bmp} file of {@code dir}, in name order.
     *
     * @throws IllegalArgumentException when there is none, or one does not decode (with {@code raw})
     */
    static FrameSet read(Path dir, RawSize raw) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--images " + dir + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> contentType(f) != null && Files.isRegularFile(f)).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--images " + dir + " holds no .jpg, .jpeg, .png or .bmp file");
        }
        List<byte[]> frames = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Path f : files) {
            frames.add(raw == null ? Files.readAllBytes(f) : scaledRgb(ImageDecoder.read(f), raw));
            types.add(raw == null ? contentType(f) : "application/x-raw-frame");
        }
        return new FrameSet(List.copyOf(frames), List.copyOf(types), raw);
    }

    int size() {
        return frames.size();
    }

    private static String contentType(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (n.endsWith(".png")) {
            return "image/png";
        }
        return n.endsWith(".bmp") ? "image/bmp" : null;
    }

    /** {@code image} scaled to {@code size}, as packed interleaved RGB. */
    static byte[] scaledRgb(RgbImage image, RawSize size) {
        byte[] src = image.toInterleavedRgb();
        BufferedImage in = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        int[] argb = new int[image.width() * image.height()];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = (src[3 * i] & 0xFF) << 16 | (src[3 * i + 1] & 0xFF) << 8 | src[3 * i + 2] & 0xFF;
        }
        in.setRGB(0, 0, image.width(), image.height(), argb, 0, image.width());
        BufferedImage out = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(in, 0, 0, size.width(), size.height(), null);
        } finally {
            g.dispose();
        }
        int[] px = out.getRGB(0, 0, size.width(), size.height(), null, 0, size.width());
        byte[] rgb = new byte[3 * px.length];
        for (int i = 0; i < px.length; i++) {
            rgb[3 * i] = (byte) (px[i] >>> 16);
            rgb[3 * i + 1] = (byte) (px[i] >>> 8);
            rgb[3 * i + 2] = (byte) px[i];
        }
        return rgb;
    }
}
