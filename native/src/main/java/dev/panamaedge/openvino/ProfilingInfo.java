package dev.panamaedge.openvino;

import java.time.Duration;
import java.util.Objects;

/**
 * One node's entry from {@code ov_infer_request_get_profiling_info}; needs {@link CompileOptions#profiling()}.
 *
 * @param nodeName node name in the compiled graph
 * @param nodeType operation type, e.g. {@code Convolution}
 * @param execType kernel that ran, e.g. {@code brgconv_avx512_I8} or {@code jit_avx2_FP32}; the precision
 *                 suffix shows whether int8 kernels ran
 * @param status   whether the node ran
 * @param realTime wall time the node took in the last inference
 * @param cpuTime  host CPU time the node took
 */
public record ProfilingInfo(String nodeName, String nodeType, String execType, NodeStatus status,
        Duration realTime, Duration cpuTime) {
    public ProfilingInfo {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(nodeType, "nodeType");
        Objects.requireNonNull(execType, "execType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(realTime, "realTime");
        Objects.requireNonNull(cpuTime, "cpuTime");
    }

    /** {@code ov_profiling_info_t::Status}. */
    public enum NodeStatus {
        NOT_RUN,
        OPTIMIZED_OUT,
        EXECUTED
    }
}
