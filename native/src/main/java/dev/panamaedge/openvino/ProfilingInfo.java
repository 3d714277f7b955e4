package dev.panamaedge.openvino;

import dev.panamaedge.bindings.openvino.openvino_h;
import dev.panamaedge.bindings.openvino.ov_profiling_info_list_t;
import dev.panamaedge.bindings.openvino.ov_profiling_info_t;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Reads an {@code ov_profiling_info_list_t}. Its strings are borrowed: the caller frees the whole list
     * with {@code ov_profiling_info_list_free} after this returns.
     */
    static List<ProfilingInfo> readList(MemorySegment list) {
        long size = ov_profiling_info_list_t.size(list);
        if (size == 0) {
            return List.of();
        }
        MemorySegment array = ov_profiling_info_list_t.profiling_infos(list)
                .reinterpret(size * ov_profiling_info_t.sizeof());
        List<ProfilingInfo> infos = new ArrayList<>();
        for (long i = 0; i < size; i++) {
            MemorySegment info = ov_profiling_info_t.asSlice(array, i);
            infos.add(new ProfilingInfo(
                    CStrings.readBorrowed(ov_profiling_info_t.node_name(info)),
                    CStrings.readBorrowed(ov_profiling_info_t.node_type(info)),
                    CStrings.readBorrowed(ov_profiling_info_t.exec_type(info)),
                    nodeStatus(ov_profiling_info_t.status(info)),
                    Duration.ofNanos(Math.multiplyExact(ov_profiling_info_t.real_time(info), 1000L)),
                    Duration.ofNanos(Math.multiplyExact(ov_profiling_info_t.cpu_time(info), 1000L))));
        }
        return List.copyOf(infos);
    }

    private static NodeStatus nodeStatus(int code) {
        if (code == openvino_h.EXECUTED()) {
            return NodeStatus.EXECUTED;
        }
        if (code == openvino_h.OPTIMIZED_OUT()) {
            return NodeStatus.OPTIMIZED_OUT;
        }
        return NodeStatus.NOT_RUN;
    }

    /** {@code ov_profiling_info_t::Status}. */
    public enum NodeStatus {
        NOT_RUN,
        OPTIMIZED_OUT,
        EXECUTED
    }
}
