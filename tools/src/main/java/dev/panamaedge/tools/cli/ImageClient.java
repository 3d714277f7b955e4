package dev.panamaedge.tools.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.panamaedge.server.grpc.vision.ClassifyRequest;
import dev.panamaedge.server.grpc.vision.ClassifyResponse;
import dev.panamaedge.server.grpc.vision.EdgeVisionGrpc;
import dev.panamaedge.server.grpc.vision.RawFormat;
import dev.panamaedge.server.grpc.vision.RawFrame;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load client that classifies real frames, cycling over a {@link FrameSet}: HTTP {@code /classify} (the file's
 * bytes with its content type, or a raw frame as {@code application/x-raw-frame}) or gRPC {@code Classify}
 * (through grpc-java: requests differ per frame, and the server's CPU is what the report measures). Every reply is
 * checked to be a valid classification ({@link ClassificationReplies}).
 */
final class ImageClient implements LoadSender {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final String model;
    private final AtomicInteger next = new AtomicInteger();
    private final FailureSamples failures = new FailureSamples();
    private final HttpClient http;
    private final List<HttpRequest> httpRequests;
    private final ManagedChannel channel;
    private final List<ClassifyRequest> grpcRequests;

    private ImageClient(String model, HttpClient http, List<HttpRequest> httpRequests, ManagedChannel channel,
                        List<ClassifyRequest> grpcRequests) {
        this.model = model;
        this.http = http;
        this.httpRequests = httpRequests;
        this.channel = channel;
        this.grpcRequests = grpcRequests;
    }

    /** HTTP {@code POST /v2/models/{model}/classify?top_k=5} of each frame. */
    static ImageClient http(URI target, String model, FrameSet frames) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String query = "?top_k=" + ClassificationReplies.TOP_K + (frames.raw() == null ? ""
                : "&format=rgb&width=" + frames.raw().width() + "&height=" + frames.raw().height());
        URI uri = target.resolve("/v2/models/" + model + "/classify" + query);
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            requests.add(HttpRequest.newBuilder(uri).timeout(DEADLINE).header("Content-Type",
                    frames.contentTypes().get(i)).POST(HttpRequest.BodyPublishers.ofByteArray(frames.frames().get(i)))
                    .build());
        }
        return new ImageClient(model, http, List.copyOf(requests), null, null);
    }

    /** gRPC {@code EdgeVision/Classify} of each frame on {@code channel}, which the caller owns. */
    static ImageClient grpc(ManagedChannel channel, String model, FrameSet frames) {
        List<ClassifyRequest> requests = new ArrayList<>();
        for (byte[] f : frames.frames()) {
            ClassifyRequest.Builder b = ClassifyRequest.newBuilder().setModelName(model)
                    .setTopK(ClassificationReplies.TOP_K);
            if (frames.raw() == null) {
                b.setImage(UnsafeByteOperations.unsafeWrap(f));
            } else {
                b.setRaw(rawFrame(frames, f));
            }
            requests.add(b.build());
        }
        return new ImageClient(model, null, null, channel, List.copyOf(requests));
    }

    /** A packed raw RGB frame message of {@code frames}' raw size. */
    static RawFrame rawFrame(FrameSet frames, byte[] rgb) {
        return RawFrame.newBuilder().setWidth(frames.raw().width()).setHeight(frames.raw().height())
                .setFormat(RawFormat.RGB).setData(ByteString.copyFrom(rgb)).build();
    }

    @Override
    public CompletableFuture<String> sendAsync() {
        int i = next.getAndIncrement() & Integer.MAX_VALUE;
        CompletableFuture<String> status = new CompletableFuture<>();
        if (http != null) {
            http.sendAsync(httpRequests.get(i % httpRequests.size()), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((res, t) -> status.complete(t != null ? failures.client(t)
                            : res.statusCode() != 200 ? failures.http(res.statusCode(), res.body())
                            : ClassificationReplies.checkJson(model, res.body())));
            return status;
        }
        EdgeVisionGrpc.newStub(channel).withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .classify(grpcRequests.get(i % grpcRequests.size()), new StreamObserver<>() {
                    @Override
                    public void onNext(ClassifyResponse r) {
                        status.complete(ClassificationReplies.check(model, r.getModelName(), r.getTopList()));
                    }

                    @Override
                    public void onError(Throwable t) {
                        status.complete(failures.grpc(t));
                    }

                    @Override
                    public void onCompleted() {
                        status.complete(ClassificationReplies.BAD_REPLY); // no reply message at all
                    }
                });
        return status;
    }

    @Override
    public FailureSamples failureSamples() {
        return failures;
    }

    @Override
    public void close() {
        if (http != null) {
            LoadSender.closeNow(http);
        }
    }
}
