package dev.panamaedge.openvino;

import dev.panamaedge.bindings.openvino.openvino_h;
import java.lang.foreign.MemorySegment;

/**
 * Reading C strings by who owns them (STYLE §2.2.6): owned strings are copied to Java and then released
 * with {@code ov_free}; borrowed and static strings are only read.
 */
final class CStrings {
    /** Longest string we read from OpenVINO; its strings are NUL-terminated, this only bounds the scan. */
    private static final long MAX_LENGTH = Integer.MAX_VALUE - 8L;

    private CStrings() {
    }

    /** Copies an OpenVINO-allocated string and frees it, even if the copy fails. NULL reads as "". */
    static String takeOwned(MemorySegment owned) {
        if (owned.equals(MemorySegment.NULL)) {
            return "";
        }
        try {
            return owned.reinterpret(MAX_LENGTH).getString(0);
        } finally {
            openvino_h.ov_free(owned);
        }
    }

    /**
     * Reads a string OpenVINO keeps: static text ({@code ov_get_error_info}) or memory owned by a struct
     * that its own free function releases later ({@code ov_profiling_info_list_free}, …).
     */
    static String readBorrowed(MemorySegment borrowed) {
        if (borrowed.equals(MemorySegment.NULL)) {
            return "";
        }
        return borrowed.reinterpret(MAX_LENGTH).getString(0);
    }
}
