package dev.panamaedge.models.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The small textual conventions of IR xml shared by {@link IrReader} and {@link IrWriter}: port precision
 * names, comma lists of dimensions and the escaped {@code names} attribute.
 */
final class IrSyntax {
    private IrSyntax() {
    }

    /**
     * Port {@code precision} as OpenVINO's serializer writes it ({@code get_precision_name} in
     * {@code src/core/src/pass/serialize.cpp}): upper case, FP for floats, BIN for u1, BOOL for boolean.
     */
    static String precisionName(ElementType type) {
        return switch (type) {
            case UNDEFINED -> "UNSPECIFIED";
            case BOOLEAN -> "BOOL";
            case BF16 -> "BF16";
            case F16 -> "FP16";
            case F32 -> "FP32";
            case F64 -> "FP64";
            case U1 -> "BIN";
            case I4, I8, I16, I32, I64, U4, U8, U16, U32, U64 -> type.irName().toUpperCase(Locale.ROOT);
        };
    }

    /** Parses a port precision or an {@code element_type}; unknown names throw {@link IllegalArgumentException}. */
    static ElementType parseElementType(String name) {
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "BIN" -> ElementType.U1;
            case "UNSPECIFIED", "DYNAMIC", "UNDEFINED" -> ElementType.UNDEFINED;
            default -> ElementType.fromIrName(name);
        };
    }

    /** Parses {@code "1, 3,224"} (IR writes both spellings); an empty or blank string is a scalar. */
    static long[] parseLongList(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = t.split(",");
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Long.parseLong(parts[i].trim());
        }
        return values;
    }

    static String formatLongList(long[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(values[i]);
        }
        return sb.toString();
    }

    /**
     * Splits a port's {@code names} attribute: names are comma separated and a comma inside a name is
     * written {@code \,} (OpenVINO's {@code escape_delim}); nothing else is escaped.
     */
    static List<String> splitNames(String attribute) {
        List<String> names = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < attribute.length(); i++) {
            char c = attribute.charAt(i);
            if (c == '\\' && i + 1 < attribute.length() && attribute.charAt(i + 1) == ',') {
                current.append(',');
                i++;
            } else if (c == ',') {
                addName(names, current);
            } else {
                current.append(c);
            }
        }
        addName(names, current);
        return names;
    }

    private static void addName(List<String> names, StringBuilder current) {
        String name = current.toString();
        if (!name.isEmpty()) {
            names.add(name);
        }
        current.setLength(0);
    }

    static String joinNames(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String name : names) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(name.replace(",", "\\,"));
        }
        return sb.toString();
    }
}
