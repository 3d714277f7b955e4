package dev.panamaedge.server.kserve;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A KServe v2 inference request body ({@code POST /v2/models/{m}/infer}). */
public record InferenceRequest(@JsonProperty("id") String id,
                               @JsonProperty("parameters") Map<String, Object> parameters,
                               @JsonProperty("inputs") List<RequestInput> inputs,
                               @JsonProperty("outputs") List<RequestOutput> outputs) {
}
