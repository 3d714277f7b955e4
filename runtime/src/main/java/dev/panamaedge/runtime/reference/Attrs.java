package dev.panamaedge.runtime.reference;

import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.models.ir.Layer;
import java.util.Locale;

/** Parses IR {@code <data>} attributes; a malformed value names the layer, the key and the text. */
final class Attrs {
    private Attrs() {
    }

    /** A comma-separated integer list such as {@code strides="2, 2"}; an empty string is an empty list. */
    static long[] longs(Layer layer, String key) {
        return parseLongs(layer, key, layer.requireAttribute(key));
    }

    static long[] longsOr(Layer layer, String key, long[] fallback) {
        return layer.attribute(key).map(v -> parseLongs(layer, key, v)).orElse(fallback);
    }

    static long longValue(Layer layer, String key) {
        long[] v = longs(layer, key);
        if (v.length != 1) {
            throw bad(layer, key, layer.requireAttribute(key), "one integer");
        }
        return v[0];
    }

    static long longOr(Layer layer, String key, long fallback) {
        return layer.attribute(key).isPresent() ? longValue(layer, key) : fallback;
    }

    static float floatValue(Layer layer, String key) {
        String v = layer.requireAttribute(key);
        try {
            return Float.parseFloat(v.trim());
        } catch (NumberFormatException e) {
            throw bad(layer, key, v, "a number");
        }
    }

    static boolean bool(Layer layer, String key, boolean fallback) {
        return layer.attribute(key).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw bad(layer, key, v, "true or false");
        }).orElse(fallback);
    }

    static String string(Layer layer, String key, String fallback) {
        return layer.attribute(key).map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse(fallback);
    }

    private static long[] parseLongs(Layer layer, String key, String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = t.split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw bad(layer, key, text, "comma-separated integers");
            }
        }
        return out;
    }

    static InvalidModelException bad(Layer layer, String key, String value, String expected) {
        return new InvalidModelException("layer '" + layer.name() + "' (" + layer.type() + "): attribute " + key
                + "='" + value + "' is not " + expected);
    }
}
