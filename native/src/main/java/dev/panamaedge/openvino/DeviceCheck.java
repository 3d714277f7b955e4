package dev.panamaedge.openvino;

import java.util.List;
import java.util.Set;

/**
 * Checks a device string against the devices OpenVINO lists, before compiling, so a missing accelerator
 * fails with the list of what exists instead of OpenVINO's plugin-loading error.
 *
 * <p>Grammar (OpenVINO's): a device ({@code CPU}, {@code GPU}, {@code GPU.1}), or a virtual device with
 * an optional list: {@code AUTO}, {@code AUTO:GPU,CPU}, {@code AUTO:-CPU} (exclusion), {@code MULTI:…},
 * {@code HETERO:…}, {@code BATCH:GPU(4)}. Each listed device must exist; {@code GPU} also matches
 * {@code GPU.0}. A bare virtual device picks among the available ones, so it needs at least one.
 */
final class DeviceCheck {
    private static final Set<String> VIRTUAL = Set.of("AUTO", "MULTI", "HETERO", "BATCH");

    private DeviceCheck() {
    }

    /**
     * @param function  the C function the check stands in front of, for the exception
     * @throws DeviceNotAvailableException naming the first missing device and listing {@code available}
     * @throws IllegalArgumentException    for a virtual device with an empty list ({@code HETERO:})
     */
    static void require(String function, String device, List<String> available) {
        String requested = device.strip();
        int colon = requested.indexOf(':');
        String head = colon < 0 ? requested : requested.substring(0, colon);
        if (colon < 0) {
            if (VIRTUAL.contains(head)) {
                if (available.isEmpty()) {
                    throw new DeviceNotAvailableException(function, requested, head, available);
                }
                return;
            }
            requirePresent(function, requested, head, available);
            return;
        }
        if (!VIRTUAL.contains(head)) {
            throw new IllegalArgumentException("device '" + requested + "': only " + VIRTUAL
                    + " take a device list after ':'");
        }
        String list = requested.substring(colon + 1);
        if (list.isBlank()) {
            throw new IllegalArgumentException("device '" + requested + "' lists no devices after ':'");
        }
        for (String entry : list.split(",")) {
            String name = entry.strip();
            if (name.startsWith("-")) {
                continue; // AUTO:-CPU excludes a device; it need not exist
            }
            int batch = name.indexOf('(');
            if (batch >= 0) {
                name = name.substring(0, batch).strip(); // BATCH:GPU(4)
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("device '" + requested + "' has an empty entry");
            }
            if (VIRTUAL.contains(name)) {
                continue; // HETERO:AUTO,CPU: the nested virtual device picks among the listed real ones
            }
            requirePresent(function, requested, name, available);
        }
    }

    private static void requirePresent(String function, String requested, String name, List<String> available) {
        boolean present = available.contains(name)
                || available.stream().anyMatch(a -> a.startsWith(name + "."));
        if (!present) {
            throw new DeviceNotAvailableException(function, requested, name, available);
        }
    }
}
