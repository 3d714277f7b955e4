package dev.panamaedge.server.kserve;

/**
 * An upper bound on the heap that parsing a KServe JSON request holds, from one pass over its bytes (no parse):
 * every element of a tensor is followed by a comma or ends its array, so the commas outside strings bound the
 * elements, and the bytes inside strings bound what BYTES elements hold.
 *
 * <ul>
 *   <li>per element: {@link TensorData#PARSED_BYTES_PER_ELEMENT} while parsing plus at most 8 in the encoded
 *       tensor, so 17 (a 16 MiB body of {@code 0,0,…} is 8.4 M elements: 143 MB; of {@code 0.123456,} 32 MB);</li>
 *   <li>per byte inside strings: 7 (Jackson's char buffer and the String, 2 each; its UTF-8 or base64-decoded
 *       bytes, the element kept in wire form, and the encoded tensor, 1 each);</li>
 *   <li>plus 64 KiB for the request's own few objects (its shapes' numbers are elements, counted above).</li>
 * </ul>
 */
final class JsonHeapCost {
    private JsonHeapCost() {
    }

    static long of(byte[] body, int length) {
        long commas = 0;
        long inStrings = 0;
        boolean string = false;
        boolean escaped = false;
        for (int i = 0; i < length; i++) {
            byte b = body[i];
            if (string) {
                inStrings++;
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    string = false;
                }
            } else if (b == '"') {
                string = true;
            } else if (b == ',') {
                commas++;
            }
        }
        return (commas + 1) * 17 + inStrings * 7 + (64 << 10);
    }
}
