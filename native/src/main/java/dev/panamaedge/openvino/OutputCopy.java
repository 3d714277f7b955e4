package dev.panamaedge.openvino;

import dev.panamaedge.models.ir.ElementType;
import java.lang.foreign.MemorySegment;

/**
 * An inference output copied to the Java heap ({@link InferRequest#copyOutput}): independent of the request
 * and of any native lifetime.
 *
 * @param data row-major little-endian bytes in a heap segment
 */
public record OutputCopy(ElementType elementType, long[] shape, MemorySegment data) {
    public OutputCopy {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }
}
