package dev.panamaedge.server.grpc;

import dev.panamaedge.server.ErrorMapping;
import dev.panamaedge.server.Metrics;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Callable;

/** Runs one unary gRPC call: delegate, answer once, map any error through {@link ErrorMapping}, count it. */
final class GrpcCalls {
    private GrpcCalls() {
    }

    static <T> void unary(Metrics metrics, String method, StreamObserver<T> observer, Callable<T> body) {
        long start = System.nanoTime();
        T reply;
        try {
            reply = body.call();
        } catch (Exception | StackOverflowError e) {
            ErrorMapping.Mapped m = ErrorMapping.map(e);
            metrics.request("grpc", method, m.grpcCode().name(), System.nanoTime() - start);
            observer.onError(m.grpc());
            return;
        }
        metrics.request("grpc", method, "OK", System.nanoTime() - start);
        observer.onNext(reply);
        observer.onCompleted();
    }
}
