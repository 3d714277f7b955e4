package dev.panamaedge.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.panamaedge.server.grpc.vision.Label;
import java.util.List;

/**
 * What makes a classify reply a valid classification, for every transport the load test uses: at least one and
 * at most the requested number of labels, each with a non-negative index and a probability in [0, 1], in
 * descending order of probability. A reply that fails this counts as {@link #BAD_REPLY}, a failure.
 */
final class ClassificationReplies {
    static final String BAD_REPLY = LoadClient.BAD_REPLY;
    /** The top_k the load test asks for. */
    static final int TOP_K = 5;

    private ClassificationReplies() {
    }

    /** "OK" for a valid classification by {@code model} over gRPC. */
    static String check(String model, String replyModel, List<Label> top) {
        if (!replyModel.equals(model) || top.isEmpty() || top.size() > TOP_K) {
            return BAD_REPLY;
        }
        double previous = Double.POSITIVE_INFINITY;
        for (Label l : top) {
            if (!valid(l.getIndex(), l.getProbability(), previous)) {
                return BAD_REPLY;
            }
            previous = l.getProbability();
        }
        return "OK";
    }

    /** "200" for a valid HTTP classify body by {@code model}. */
    static String checkJson(String model, String body) {
        try {
            JsonNode root = CliJson.MAPPER.readTree(body);
            JsonNode top = root.path("predictions");
            if (!root.path("model_name").asText().equals(model) || !top.isArray() || top.isEmpty()
                    || top.size() > TOP_K) {
                return BAD_REPLY;
            }
            double previous = Double.POSITIVE_INFINITY;
            for (JsonNode p : top) {
                if (!p.path("index").isIntegralNumber() || !p.path("probability").isNumber()
                        || !valid(p.get("index").asInt(), p.get("probability").asDouble(), previous)) {
                    return BAD_REPLY;
                }
                previous = p.get("probability").asDouble();
            }
            return "200";
        } catch (java.io.IOException e) {
            return BAD_REPLY;
        }
    }

    private static boolean valid(int index, double probability, double previous) {
        return index >= 0 && probability >= 0 && probability <= 1 && probability <= previous;
    }
}
