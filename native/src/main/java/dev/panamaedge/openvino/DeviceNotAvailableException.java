package dev.panamaedge.openvino;

import java.util.List;

/**
 * A compile asked for a device this machine does not have. Checked in Java against
 * {@code ov_core_get_available_devices} before {@code ov_core_compile_model}, so the message can list what
 * is there; the status is {@link Status#NOT_FOUND}, as OpenVINO would report it.
 */
public final class DeviceNotAvailableException extends OpenVinoException {
    private static final long serialVersionUID = 1L;

    private final String device;
    private final String[] availableDevices;

    DeviceNotAvailableException(String function, String requested, String device, List<String> availableDevices) {
        super(function, Status.NOT_FOUND, "device " + device
                + (requested.equals(device) ? "" : " (in " + requested + ")")
                + " is not available; available devices: " + String.join(", ", availableDevices));
        this.device = device;
        this.availableDevices = availableDevices.toArray(String[]::new);
    }

    /** The missing device, e.g. {@code GPU} out of {@code HETERO:GPU,CPU}. */
    public String device() {
        return device;
    }

    /** What {@code ov_core_get_available_devices} listed, e.g. {@code [CPU]}. */
    public List<String> availableDevices() {
        return List.of(availableDevices);
    }
}
