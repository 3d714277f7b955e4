package dev.panamaedge.server.triton;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Triton extension message as the JSON Triton's HTTP endpoints answer with: field names as in the proto, enums
 * by name, 64-bit integers as JSON numbers, and every scalar field present even at its default (Triton's HTTP
 * statistics carry {@code "count": 0}, which clients index without checking). Unset message fields and unset
 * oneof members are left out. One rendering for the config, statistics and index, so HTTP and gRPC agree.
 */
final class ProtoJson {
    private ProtoJson() {
    }

    /** The message as nested maps and lists, for Jackson to write. */
    static Map<String, Object> toMap(Message m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            if (f.isMapField()) {
                Map<String, Object> entries = new LinkedHashMap<>();
                for (Object e : (List<?>) m.getField(f)) {
                    MapEntry<?, ?> entry = (MapEntry<?, ?>) e;
                    entries.put(String.valueOf(entry.getKey()), value(entry.getValue()));
                }
                out.put(f.getName(), entries);
            } else if (f.isRepeated()) {
                List<Object> items = new ArrayList<>();
                for (Object v : (List<?>) m.getField(f)) {
                    items.add(value(v));
                }
                out.put(f.getName(), items);
            } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE || f.getRealContainingOneof() != null) {
                if (m.hasField(f)) {
                    out.put(f.getName(), value(m.getField(f)));
                }
            } else {
                out.put(f.getName(), value(m.getField(f)));
            }
        }
        return out;
    }

    private static Object value(Object v) {
        return switch (v) {
            case Message nested -> toMap(nested);
            case EnumValueDescriptor e -> e.getName();
            case ByteString b -> Base64.getEncoder().encodeToString(b.toByteArray());
            default -> v;
        };
    }
}
