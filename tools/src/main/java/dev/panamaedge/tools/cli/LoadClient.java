package dev.panamaedge.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.panamaedge.server.grpc.inference.GRPCInferenceServiceGrpc;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.panamaedge.server.grpc.inference.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One load-test client: sends the same raw-tensor KServe inference again and again, over gRPC
 * ({@code raw_input_contents}) or HTTP (binary tensor extension). {@link #send} returns the status (HTTP
 * code or gRPC code name) so the caller can count errors by kind.
 */
final class LoadClient implements AutoCloseable {
    private final String protocol;
    private final HttpClient http;
    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub futureStub;
    private final ModelInferRequest grpcRequest;
    private final HttpRequest httpRequest;

    private LoadClient(String protocol, HttpClient http, ManagedChannel channel, ModelInferRequest grpcRequest,
                       HttpRequest httpRequest) {
        this.protocol = protocol;
        this.http = http;
        this.channel = channel;
        this.stub = channel == null ? null : GRPCInferenceServiceGrpc.newBlockingStub(channel);
        this.futureStub = channel == null ? null : GRPCInferenceServiceGrpc.newFutureStub(channel);
        this.grpcRequest = grpcRequest;
        this.httpRequest = httpRequest;
    }

    /** Reads the model's input from its KServe metadata and builds one seeded random request. */
    static LoadClient create(URI target, String protocol, String model) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> meta = http.send(HttpRequest.newBuilder(target.resolve("/v2/models/" + model)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (meta.statusCode() != 200) {
            throw new IllegalArgumentException("model metadata for '" + model + "' answered " + meta.statusCode()
                    + ": " + meta.body());
        }
        JsonNode input = CliJson.MAPPER.readTree(meta.body()).get("inputs").get(0);
        String name = input.get("name").asText();
        String datatype = input.get("datatype").asText();
        long[] shape = new long[input.get("shape").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = Math.max(1, input.get("shape").get(i).asLong());
            count *= shape[i];
        }
        byte[] raw = randomTensor(datatype, Math.toIntExact(count));
        if (protocol.equals("grpc")) {
            ModelInferRequest.InferInputTensor.Builder t = ModelInferRequest.InferInputTensor.newBuilder()
                    .setName(name).setDatatype(datatype);
            for (long d : shape) {
                t.addShape(d);
            }
            ModelInferRequest request = ModelInferRequest.newBuilder().setModelName(model).addInputs(t)
                    .addRawInputContents(ByteString.copyFrom(raw)).build();
            ManagedChannel channel = NettyChannelBuilder.forAddress(target.getHost(), target.getPort()).usePlaintext()
                    .maxInboundMessageSize(64 << 20).build();
            return new LoadClient(protocol, http, channel, request, null);
        }
        byte[] header = CliJson.MAPPER.writeValueAsBytes(java.util.Map.of(
                "inputs", List.of(java.util.Map.of("name", name, "datatype", datatype, "shape", shape,
                        "parameters", java.util.Map.of("binary_data_size", raw.length))),
                "parameters", java.util.Map.of("binary_data_output", true)));
        byte[] body = new byte[header.length + raw.length];
        System.arraycopy(header, 0, body, 0, header.length);
        System.arraycopy(raw, 0, body, header.length, raw.length);
        HttpRequest request = HttpRequest.newBuilder(target.resolve("/v2/models/" + model + "/infer"))
                .header("Inference-Header-Content-Length", Integer.toString(header.length))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return new LoadClient(protocol, http, null, null, request);
    }

    private static byte[] randomTensor(String datatype, int count) {
        Random random = new Random(42);
        return switch (datatype) {
            case "FP32" -> {
                ByteBuffer b = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < count; i++) {
                    b.putFloat((float) random.nextGaussian());
                }
                yield b.array();
            }
            case "UINT8", "INT8" -> {
                byte[] b = new byte[count];
                random.nextBytes(b);
                yield b;
            }
            default -> throw new IllegalArgumentException("loadtest supports FP32, UINT8 and INT8 inputs, the model"
                    + " takes " + datatype);
        };
    }

    /** One request; the status code as text ("200", "OK", "RESOURCE_EXHAUSTED", …). */
    String send() throws IOException, InterruptedException {
        if (protocol.equals("grpc")) {
            try {
                stub.withDeadlineAfter(60, TimeUnit.SECONDS).modelInfer(grpcRequest);
                return "OK";
            } catch (StatusRuntimeException e) {
                return e.getStatus().getCode().name();
            }
        }
        HttpResponse<byte[]> res = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        return Integer.toString(res.statusCode());
    }

    /**
     * One request without waiting for it (the open-loop mode): completes with the status as {@link #send}
     * returns it, or {@code CLIENT_<exception>} when the client itself failed; never exceptionally.
     */
    CompletableFuture<String> sendAsync() {
        CompletableFuture<String> status = new CompletableFuture<>();
        if (protocol.equals("grpc")) {
            Futures.addCallback(futureStub.withDeadlineAfter(60, TimeUnit.SECONDS).modelInfer(grpcRequest),
                    new FutureCallback<ModelInferResponse>() {
                        @Override
                        public void onSuccess(ModelInferResponse response) {
                            status.complete("OK");
                        }

                        @Override
                        public void onFailure(Throwable t) {
                            status.complete(t instanceof StatusRuntimeException || t instanceof io.grpc.StatusException
                                    ? Status.fromThrowable(t).getCode().name() : "CLIENT_" + t.getClass().getSimpleName());
                        }
                    }, MoreExecutors.directExecutor());
            return status;
        }
        http.sendAsync(httpRequest, HttpResponse.BodyHandlers.discarding()).whenComplete((res, t) ->
                status.complete(t == null ? Integer.toString(res.statusCode()) : "CLIENT_" + t.getClass().getSimpleName()));
        return status;
    }

    boolean isSuccess(String status) {
        return status.equals("OK") || status.equals("200");
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.shutdownNow();
            try {
                channel.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.close();
    }

}
