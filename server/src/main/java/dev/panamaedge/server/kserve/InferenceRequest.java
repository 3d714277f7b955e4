package dev.panamaedge.server.kserve;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A KServe v2 inference request body ({@code POST /v2/models/{m}/infer}). {@code model_name} and
 * {@code model_version} are not in the protocol's HTTP body but the KServe Python SDK's REST client sends them;
 * when given they must name the model and version of the path.
 */
public record InferenceRequest(@JsonProperty("model_name") String modelName,
                               @JsonProperty("model_version") String modelVersion,
                               @JsonProperty("id") String id,
                               @JsonProperty("parameters") Map<String, Object> parameters,
                               @JsonProperty("inputs") List<RequestInput> inputs,
                               @JsonProperty("outputs") List<RequestOutput> outputs) {
}
