package dev.panamaedge.server.shutdown;

import dev.panamaedge.server.grpc.RefusedCall;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The drain before the listener closes. Helidon 4.5.0's {@code WebServer.stop()} closes the server socket and
 * then every open connection at once, interrupting the requests on them (helidon-io/helidon#10154, open); its
 * grace period only bounds the executors' shutdown afterwards. So the server drains first, here: once
 * {@link #drain} starts, every request already admitted runs to its end and its HTTP/1.1 reply carries
 * {@code Connection: close}; a request that arrives later is answered at once and explicitly, 503 with
 * {@code Connection: close} and {@code Retry-After} over HTTP, UNAVAILABLE over gRPC, never dropped. Only when
 * nothing is in flight (or the drain period ends) does the caller stop Helidon.
 *
 * <p>Counted are HTTP requests, unary gRPC calls and the {@linkplain #openStream camera streams}, which the drain
 * ends instead of waiting for their clients to: each answers the frames it has taken and then ends with
 * UNAVAILABLE. Other streaming calls (health watches, reflection) hold no work and are ended by the stop; while
 * draining, every new call of any kind is refused.
 */
public final class Drain {
    public static final String MESSAGE = "server is shutting down; retry on another instance or after restart";

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight;
    private int grpcInFlight;
    private final Set<OpenStream> streams = new LinkedHashSet<>();
    private volatile boolean draining;

    /** An open camera stream, counted by the drain until {@link #close closed}. */
    public final class OpenStream implements AutoCloseable {
        private final Runnable end;

        private OpenStream(Runnable end) {
            this.end = end;
        }

        /** The stream has ended (by its client, its cancellation or the drain); idempotent. */
        @Override
        public void close() {
            lock.lock();
            try {
                if (streams.remove(this) && inFlight == 0 && streams.isEmpty()) {
                    idle.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    public void install(HttpRouting.Builder routing) {
        routing.addFilter(this::filter);
    }

    public ServerInterceptor grpcInterceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                                ServerCallHandler<Q, R> next) {
                return intercept(call, headers, next);
            }
        };
    }

    /** Requests admitted and not yet answered. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Of {@link #inFlight()}, the gRPC calls. */
    public int grpcInFlight() {
        lock.lock();
        try {
            return grpcInFlight;
        } finally {
            lock.unlock();
        }
    }

    public boolean draining() {
        return draining;
    }

    /** Camera streams open and not yet ended. */
    public int openStreams() {
        lock.lock();
        try {
            return streams.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts a camera stream until its {@link OpenStream} is closed. When the drain begins, {@code end} runs once,
     * on a virtual thread of its own (ending a stream writes to its client, which may not be reading): the stream
     * takes no more frames, answers those it has, ends itself and closes its {@link OpenStream}. A stream opened
     * while draining is ended at once, on the caller's thread.
     */
    public OpenStream openStream(Runnable end) {
        OpenStream stream = new OpenStream(end);
        lock.lock();
        try {
            if (!draining) {
                streams.add(stream);
                return stream;
            }
        } finally {
            lock.unlock();
        }
        end.run();
        return stream;
    }

    /**
     * Turns new requests away, ends the open camera streams, waits until the admitted requests are answered and
     * the streams have ended, or {@code maxMillis} passed, then goes on refusing for {@code lingerMillis} more, so
     * that a client that sent just before learning of the shutdown still gets its refusal before the connections
     * close.
     *
     * @return whether every admitted request and stream finished in time
     */
    public boolean drain(long maxMillis, long lingerMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        List<OpenStream> toEnd;
        lock.lock();
        try {
            draining = true;
            toEnd = new ArrayList<>(streams);
        } finally {
            lock.unlock();
        }
        toEnd.forEach(s -> Thread.startVirtualThread(s.end));
        boolean done;
        lock.lock();
        try {
            while ((inFlight > 0 || !streams.isEmpty()) && System.nanoTime() < deadline) {
                idle.awaitNanos(deadline - System.nanoTime());
            }
            done = inFlight == 0 && streams.isEmpty();
        } finally {
            lock.unlock();
        }
        Thread.sleep(lingerMillis);
        return done;
    }

    /** Admits a request unless draining; an admitted one must be {@link #finished()}. */
    private boolean admit(boolean grpc) {
        lock.lock();
        try {
            if (draining) {
                return false;
            }
            inFlight++;
            grpcInFlight += grpc ? 1 : 0;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void finished(boolean grpc) {
        lock.lock();
        try {
            grpcInFlight -= grpc ? 1 : 0;
            if (--inFlight == 0 && streams.isEmpty()) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!admit(false)) {
            res.status(503).header(HeaderNames.CONNECTION, "close").header(HeaderNames.RETRY_AFTER, "1")
                    .header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send("{\"error\":\"" + MESSAGE + "\"}");
            return;
        }
        // Decided when the reply goes out: a request admitted before the drain began still closes its
        // keep-alive connection if the drain began while it ran.
        res.beforeSend(() -> {
            if (draining) {
                res.header(HeaderNames.CONNECTION, "close");
            }
        });
        try {
            chain.proceed();
        } finally {
            finished(false);
        }
    }

    private <Q, R> ServerCall.Listener<Q> intercept(ServerCall<Q, R> call, Metadata headers,
                                                     ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
            if (draining) {
                // A stream's client may never half-close: refused at its first message, not after reading all.
                return RefusedCall.refuseStream(call, Status.UNAVAILABLE.withDescription(MESSAGE));
            }
            return next.startCall(call, headers);
        }
        if (!admit(true)) {
            return RefusedCall.refuse(call, Status.UNAVAILABLE.withDescription(MESSAGE));
        }
        AtomicBoolean once = new AtomicBoolean();
        Runnable done = () -> {
            if (once.compareAndSet(false, true)) {
                finished(true);
            }
        };
        ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                try {
                    super.close(status, trailers);
                } finally {
                    done.run();
                }
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(counted, headers);
        } catch (RuntimeException e) {
            done.run();
            throw e;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    done.run();
                }
            }
        };
    }
}
