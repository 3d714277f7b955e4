package dev.panamaedge.openvino;

import dev.panamaedge.bindings.openvino.openvino_h;
import java.lang.foreign.MemorySegment;

/**
 * OpenVINO's {@code ov_status_e}, with the codes taken from the generated bindings (they move between
 * releases, which is why one release is pinned). {@link #UNKNOW_EXCEPTION} keeps the C header's spelling.
 */
public enum Status {
    OK(openvino_h.OK()),
    GENERAL_ERROR(openvino_h.GENERAL_ERROR()),
    NOT_IMPLEMENTED(openvino_h.NOT_IMPLEMENTED()),
    NETWORK_NOT_LOADED(openvino_h.NETWORK_NOT_LOADED()),
    PARAMETER_MISMATCH(openvino_h.PARAMETER_MISMATCH()),
    NOT_FOUND(openvino_h.NOT_FOUND()),
    OUT_OF_BOUNDS(openvino_h.OUT_OF_BOUNDS()),
    UNEXPECTED(openvino_h.UNEXPECTED()),
    REQUEST_BUSY(openvino_h.REQUEST_BUSY()),
    RESULT_NOT_READY(openvino_h.RESULT_NOT_READY()),
    NOT_ALLOCATED(openvino_h.NOT_ALLOCATED()),
    INFER_NOT_STARTED(openvino_h.INFER_NOT_STARTED()),
    NETWORK_NOT_READ(openvino_h.NETWORK_NOT_READ()),
    INFER_CANCELLED(openvino_h.INFER_CANCELLED()),
    INVALID_C_PARAM(openvino_h.INVALID_C_PARAM()),
    UNKNOWN_C_ERROR(openvino_h.UNKNOWN_C_ERROR()),
    NOT_IMPLEMENT_C_METHOD(openvino_h.NOT_IMPLEMENT_C_METHOD()),
    UNKNOW_EXCEPTION(openvino_h.UNKNOW_EXCEPTION());

    private final int code;

    /**
     * The header declares {@code ov_get_last_err_msg()} without a prototype, so it binds as a variadic
     * invoker; linked once, on first failure (after the library is loaded).
     */
    private static final class LastError {
        static final openvino_h.ov_get_last_err_msg INVOKER = openvino_h.ov_get_last_err_msg.makeInvoker();
    }

    Status(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }

    /** The status with this C value, if this release defines one. */
    static java.util.Optional<Status> of(int code) {
        for (Status s : values()) {
            if (s.code == code) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The one place a status becomes an exception: returns on {@code OK}, otherwise throws
     * {@link OpenVinoException} naming {@code function}, the status and OpenVINO's last error text.
     */
    static void check(String function, int code) {
        if (code != OK.code) {
            throw failure(function, code);
        }
    }

    /** The exception for a non-OK {@code code}, with OpenVINO's text read (and freed) now. */
    static OpenVinoException failure(String function, int code) {
        Status status = of(code).orElse(UNKNOWN_C_ERROR);
        String text = lastErrorText(code);
        if (of(code).isEmpty()) {
            text = "unrecognized status code " + code + ": " + text;
        }
        return new OpenVinoException(function, status, text);
    }

    /**
     * {@code ov_get_last_err_msg} returns an owned copy (freed here) or NULL when OpenVINO recorded nothing;
     * then the static text of {@code ov_get_error_info}, which is never freed, describes the status.
     */
    private static String lastErrorText(int code) {
        MemorySegment owned = LastError.INVOKER.apply();
        if (!owned.equals(MemorySegment.NULL)) {
            String text = CStrings.takeOwned(owned).strip();
            if (!text.isEmpty()) {
                return text;
            }
        }
        return CStrings.readBorrowed(openvino_h.ov_get_error_info(code));
    }
}
