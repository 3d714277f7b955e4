package dev.panamaedge.server;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Process and JVM metrics under the names Prometheus' own client libraries give them ({@code process_*} as
 * every Prometheus client exports them, {@code jvm_*} as the Java client's JVM collectors do), so dashboards and
 * alerts written for any JVM service read this one unchanged. Read from the platform MXBeans and, for memory
 * the kernel counts, {@code /proc/self/status}, at scrape time.
 */
final class ProcessMetrics {
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private ProcessMetrics() {
    }

    static void render(StringBuilder out, ExpositionFormat format) {
        processMetrics(out, format);
        memory(out, format);
        threads(out, format);
        gc(out, format);
        classes(out, format);
    }

    private static void processMetrics(StringBuilder out, ExpositionFormat format) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0) {
            single(out, format, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.",
                    sun.getProcessCpuTime() / 1e9);
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            single(out, format, "process_open_fds", "gauge", "Number of open file descriptors.",
                    unix.getOpenFileDescriptorCount());
            single(out, format, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
                    unix.getMaxFileDescriptorCount());
        }
        single(out, format, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1e3);
        procStatusBytes("VmRSS:").ifPresent(b -> single(out, format, "process_resident_memory_bytes", "gauge",
                "Resident memory size in bytes.", b));
        procStatusBytes("VmSize:").ifPresent(b -> single(out, format, "process_virtual_memory_bytes", "gauge",
                "Virtual memory size in bytes.", b));
    }

    private static void memory(StringBuilder out, ExpositionFormat format) {
        var mem = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = mem.getHeapMemoryUsage();
        MemoryUsage nonHeap = mem.getNonHeapMemoryUsage();
        format.header(out, "jvm_memory_used_bytes", "gauge", "Used bytes of a given JVM memory area.");
        sample(out, "jvm_memory_used_bytes", "area=\"heap\"", heap.getUsed());
        sample(out, "jvm_memory_used_bytes", "area=\"nonheap\"", nonHeap.getUsed());
        format.header(out, "jvm_memory_committed_bytes", "gauge", "Committed (bytes) of a given JVM memory area.");
        sample(out, "jvm_memory_committed_bytes", "area=\"heap\"", heap.getCommitted());
        sample(out, "jvm_memory_committed_bytes", "area=\"nonheap\"", nonHeap.getCommitted());
        format.header(out, "jvm_memory_max_bytes", "gauge", "Max (bytes) of a given JVM memory area.");
        sample(out, "jvm_memory_max_bytes", "area=\"heap\"", heap.getMax());
        sample(out, "jvm_memory_max_bytes", "area=\"nonheap\"", nonHeap.getMax());
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        format.header(out, "jvm_memory_pool_used_bytes", "gauge", "Used bytes of a given JVM memory pool.");
        for (MemoryPoolMXBean pool : pools) {
            sample(out, "jvm_memory_pool_used_bytes", "pool=" + quoted(pool.getName()), pool.getUsage().getUsed());
        }
        format.header(out, "jvm_buffer_pool_used_bytes", "gauge", "Used bytes of a given JVM buffer pool.");
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            sample(out, "jvm_buffer_pool_used_bytes", "pool=" + quoted(pool.getName()), pool.getMemoryUsed());
        }
    }

    private static void threads(StringBuilder out, ExpositionFormat format) {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        single(out, format, "jvm_threads_current", "gauge", "Current thread count of a JVM.", t.getThreadCount());
        single(out, format, "jvm_threads_daemon", "gauge", "Daemon thread count of a JVM.", t.getDaemonThreadCount());
        single(out, format, "jvm_threads_peak", "gauge", "Peak thread count of a JVM.", t.getPeakThreadCount());
        single(out, format, "jvm_threads_started_total", "counter", "Started thread count of a JVM.",
                t.getTotalStartedThreadCount());
    }

    private static void gc(StringBuilder out, ExpositionFormat format) {
        format.header(out, "jvm_gc_collection_seconds", "summary", "Time spent in a given JVM garbage collector in seconds.");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String labels = "gc=" + quoted(gc.getName());
            sample(out, "jvm_gc_collection_seconds_count", labels, Math.max(0, gc.getCollectionCount()));
            sample(out, "jvm_gc_collection_seconds_sum", labels, Math.max(0, gc.getCollectionTime()) / 1e3);
        }
    }

    private static void classes(StringBuilder out, ExpositionFormat format) {
        ClassLoadingMXBean c = ManagementFactory.getClassLoadingMXBean();
        single(out, format, "jvm_classes_currently_loaded", "gauge", "The number of classes that are currently loaded in the JVM.",
                c.getLoadedClassCount());
        single(out, format, "jvm_classes_loaded_total", "counter", "The total number of classes that have been loaded since the JVM has started execution.",
                c.getTotalLoadedClassCount());
        single(out, format, "jvm_classes_unloaded_total", "counter", "The total number of classes that have been unloaded since the JVM has started execution.",
                c.getUnloadedClassCount());
    }

    private static void single(StringBuilder out, ExpositionFormat format, String name, String type, String help,
                               double value) {
        format.header(out, name, type, help);
        sample(out, name, "", value);
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            // Plain digits (1796648567.816, not 1.796648567816E9): what people and every parser read alike.
            out.append(java.math.BigDecimal.valueOf(value).toPlainString());
        }
        out.append('\n');
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    /** A {@code kB} line of /proc/self/status in bytes, where there is one (Linux). */
    private static java.util.Optional<Long> procStatusBytes(String key) {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith(key)) {
                    String[] f = line.substring(key.length()).strip().split("\\s+");
                    return java.util.Optional.of(Long.parseLong(f[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc unreadable: the two series are left out
        }
        return java.util.Optional.empty();
    }
}
