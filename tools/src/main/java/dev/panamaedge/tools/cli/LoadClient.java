package dev.panamaedge.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.panamaedge.server.grpc.inference.ModelInferRequest;
import dev.panamaedge.server.grpc.inference.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
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

/**
 * One load-test client: sends the same raw-tensor KServe inference again and again, over gRPC
 * ({@code raw_input_contents}) or HTTP (binary tensor extension), and checks every reply.
 * {@link #sendAsync} completes with the status (HTTP code or gRPC code name) so the caller can count errors by
 * kind.
 *
 * <p>gRPC goes through one grpc-java channel per client ({@link PreparedInferCall}: the request serialised once,
 * replies checked on grpc-java's executor); the channel reconnects by itself after the server went away.
 */
final class LoadClient implements LoadSender {
    /** A reply that arrived with status OK but does not hold the outputs the model declares. */
    static final String BAD_REPLY = "CLIENT_BAD_REPLY";

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final HttpClient http;
    private final ManagedChannel channel;
    private final PreparedInferCall grpc;
    private final HttpRequest httpRequest;
    private final FailureSamples failures;

    private LoadClient(HttpClient http, ManagedChannel channel, PreparedInferCall grpc, HttpRequest httpRequest,
                       FailureSamples failures) {
        this.failures = failures;
        this.http = http;
        this.channel = channel;
        this.grpc = grpc;
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
            ManagedChannel channel = ManagedChannelBuilder.forAddress(target.getHost(), target.getPort())
                    .usePlaintext().maxInboundMessageSize(64 << 20).build();
            FailureSamples failures = new FailureSamples();
            return new LoadClient(http, channel, new PreparedInferCall(channel, request, DEADLINE, failures), null,
                    failures);
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
        return new LoadClient(http, null, null, request, new FailureSamples());
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

    /**
     * One request without waiting for it: completes with the status code as text ("200", "OK",
     * "RESOURCE_EXHAUSTED", …), {@link #BAD_REPLY} for a gRPC reply without the model's outputs, or
     * {@code CLIENT_<exception>} when the client itself failed; never exceptionally. A gRPC completion runs on
     * grpc-java's executor, so whatever the caller chains onto it must not block.
     */
    @Override
    public CompletableFuture<String> sendAsync() {
        if (grpc != null) {
            return grpc.call();
        }
        CompletableFuture<String> status = new CompletableFuture<>();
        // A reply's body is only read for an error (its message), never for a 200 (the outputs, unchecked here).
        http.sendAsync(httpRequest, res -> res.statusCode() == 200 ? HttpResponse.BodySubscribers.replacing("")
                : HttpResponse.BodySubscribers.ofString(java.nio.charset.StandardCharsets.UTF_8)).whenComplete((res, t) ->
                status.complete(t != null ? failures.client(t) : res.statusCode() == 200 ? "200"
                        : failures.http(res.statusCode(), res.body())));
        return status;
    }

    /**
     * "OK" when the reply names {@code model} and holds one raw output per declared output, of the declared size;
     * {@link #BAD_REPLY} otherwise.
     */
    static String check(String model, ModelInferResponse r) {
        if (!r.getModelName().equals(model) || r.getOutputsCount() == 0
                || r.getRawOutputContentsCount() != r.getOutputsCount()) {
            return BAD_REPLY;
        }
        for (int i = 0; i < r.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor t = r.getOutputs(i);
            long bytes = elementBytes(t.getDatatype());
            for (long d : t.getShapeList()) {
                bytes *= d;
            }
            if (bytes <= 0 || r.getRawOutputContents(i).size() != bytes) {
                return BAD_REPLY;
            }
        }
        return "OK";
    }

    private static long elementBytes(String datatype) {
        return switch (datatype) {
            case "BOOL", "INT8", "UINT8" -> 1;
            case "INT16", "UINT16", "FP16", "BF16" -> 2;
            case "INT32", "UINT32", "FP32" -> 4;
            case "INT64", "UINT64", "FP64" -> 8;
            default -> -1;
        };
    }

    @Override
    public FailureSamples failureSamples() {
        return failures;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.shutdownNow();
            try {
                channel.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LoadSender.closeNow(http);
    }
}
