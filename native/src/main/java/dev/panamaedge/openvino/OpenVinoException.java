package dev.panamaedge.openvino;

import java.util.Objects;

/**
 * A call into OpenVINO's C API returned a status other than {@code OK}.
 *
 * <p>The message reads {@code ov_core_compile_model: NOT_FOUND: <OpenVINO's text>}. OpenVINO keeps its last
 * error text in one process-wide string, so under concurrency the text may belong to another thread's
 * failure; the function and status are always this call's own.
 */
public class OpenVinoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final Status status;
    private final String detail;

    /**
     * @param function the C function that failed, e.g. {@code ov_core_read_model}
     * @param status   the status it returned
     * @param detail   OpenVINO's error text (or ours, when the check happens in Java)
     */
    public OpenVinoException(String function, Status status, String detail) {
        this(function, status, detail, null);
    }

    public OpenVinoException(String function, Status status, String detail, Throwable cause) {
        super(Objects.requireNonNull(function, "function") + ": " + Objects.requireNonNull(status, "status")
                + ": " + Objects.requireNonNull(detail, "detail"), cause);
        this.function = function;
        this.status = status;
        this.detail = detail;
    }

    /** The C function that failed. */
    public String function() {
        return function;
    }

    /** The {@code ov_status_e} it returned. */
    public Status status() {
        return status;
    }

    /** OpenVINO's error text without the function and status prefix. */
    public String detail() {
        return detail;
    }
}
