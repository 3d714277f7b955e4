package dev.panamaedge.openvino;

/**
 * How many infer requests an {@link OpenVinoEngine} keeps, given the compiled model's
 * {@code OPTIMAL_NUMBER_OF_INFER_REQUESTS}.
 *
 * <p>The optimal number keeps every stream busy only while each finished request is started again at once.
 * A server hands each result back to its caller and waits for the next request before it can start one, so a
 * stream idles in between; a pool of twice the optimal number keeps one request waiting in OpenVINO's own
 * queue per stream, which the stream picks up the moment it finishes.
 */
public sealed interface RequestPoolSize {
    /** The most requests a pool may hold; far beyond any device's optimal number. */
    int MAX_REQUESTS = 256;

    /** The pool size for a compiled model whose optimal number is {@code optimal}. */
    int resolve(int optimal);

    /** Exactly {@code OPTIMAL_NUMBER_OF_INFER_REQUESTS} (at least one). */
    static RequestPoolSize optimal() {
        return new TimesOptimal(1);
    }

    /** {@code factor} times {@code OPTIMAL_NUMBER_OF_INFER_REQUESTS}. */
    record TimesOptimal(int factor) implements RequestPoolSize {
        public TimesOptimal {
            if (factor < 1 || factor > 8) {
                throw new IllegalArgumentException("infer requests per optimal number must be in 1..8, got " + factor);
            }
        }

        @Override
        public int resolve(int optimal) {
            return Math.min(MAX_REQUESTS, Math.max(1, optimal) * factor);
        }

        @Override
        public String toString() {
            return factor == 1 ? "OPTIMAL_NUMBER_OF_INFER_REQUESTS" : factor + " x OPTIMAL_NUMBER_OF_INFER_REQUESTS";
        }
    }

    /** A fixed number of requests, whatever the device suggests. */
    record Exactly(int requests) implements RequestPoolSize {
        public Exactly {
            if (requests < 1 || requests > MAX_REQUESTS) {
                throw new IllegalArgumentException("infer requests must be in 1.." + MAX_REQUESTS + ", got " + requests);
            }
        }

        @Override
        public int resolve(int optimal) {
            return requests;
        }

        @Override
        public String toString() {
            return Integer.toString(requests);
        }
    }
}
