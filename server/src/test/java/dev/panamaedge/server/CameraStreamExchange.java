package dev.panamaedge.server;

import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
import dev.panamaedge.server.grpc.vision.Frame;
import dev.panamaedge.server.grpc.vision.StreamPrediction;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** One camera stream in tests: sends the frames, half-closes, and collects every reply until the server ends it. */
final class CameraStreamExchange {
    private CameraStreamExchange() {
    }

    static List<StreamPrediction> exchange(Channel channel, List<Frame> frames) throws Exception {
        List<StreamPrediction> replies = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<Frame> out = EdgeVisionGrpc.newStub(channel).classifyStream(new StreamObserver<>() {
            @Override
            public void onNext(StreamPrediction p) {
                replies.add(p);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        frames.forEach(out::onNext);
        out.onCompleted();
        done.get(120, TimeUnit.SECONDS);
        return replies;
    }
}
