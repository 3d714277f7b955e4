package dev.panamaedge.tools.quant;

import dev.panamaedge.models.ir.ElementType;
import dev.panamaedge.runtime.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes samples as one NumPy {@code .npy} (format 1.0): the batch-of-one tensors stacked along axis 0, so the
 * NNCF script calibrates on exactly the bytes our calibrator saw.
 */
public final class NpyFile {
    private NpyFile() {
    }

    public static void write(List<Tensor> samples, Path file) throws IOException {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to write");
        }
        Tensor first = samples.getFirst();
        long[] dims = first.shape().dims();
        if (dims.length == 0 || dims[0] != 1) {
            throw new IllegalArgumentException("samples must be batches of one, got " + first.shape());
        }
        String descr = switch (first.type()) {
            case U8 -> "|u1";
            case I8 -> "|i1";
            case F32 -> "<f4";
            default -> throw new IllegalArgumentException("cannot write " + first.type().irName() + " samples");
        };
        StringBuilder shape = new StringBuilder("(").append(samples.size());
        for (int i = 1; i < dims.length; i++) {
            shape.append(", ").append(dims[i]);
        }
        shape.append(dims.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        // Header padded with spaces so magic + length + dict + '\n' is a multiple of 64 bytes (npy spec).
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(header.length() & 0xff);
            out.write(header.length() >> 8);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            for (Tensor t : samples) {
                if (t.type() != first.type() || !t.shape().equals(first.shape())) {
                    throw new IllegalArgumentException("sample " + t + " differs from the first, " + first);
                }
                out.write(t.data().toArray(ValueLayout.JAVA_BYTE));
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static boolean isSupported(ElementType t) {
        return t == ElementType.U8 || t == ElementType.I8 || t == ElementType.F32;
    }
}
