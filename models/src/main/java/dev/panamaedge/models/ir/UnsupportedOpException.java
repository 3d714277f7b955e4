package dev.panamaedge.models.ir;

/** An engine met an op type (or an attribute value of it) it does not implement. */
public final class UnsupportedOpException extends InvalidModelException {
    private final String opType;
    private final String layerName;

    public UnsupportedOpException(String opType, String layerName, String detail) {
        super("unsupported op " + opType + " in layer '" + layerName + "'" + (detail.isEmpty() ? "" : ": " + detail));
        this.opType = opType;
        this.layerName = layerName;
    }

    public String opType() {
        return opType;
    }

    public String layerName() {
        return layerName;
    }
}
