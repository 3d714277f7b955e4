package dev.panamaedge.server.kserve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A KServe v2 inference response body. */
public record InferenceResponse(@JsonProperty("model_name") String modelName,
                                @JsonProperty("model_version") String modelVersion,
                                @JsonProperty("id") @JsonInclude(JsonInclude.Include.NON_NULL) String id,
                                @JsonProperty("outputs") List<ResponseOutput> outputs) {
}
