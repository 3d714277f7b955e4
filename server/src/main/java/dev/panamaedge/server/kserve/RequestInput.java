package dev.panamaedge.server.kserve;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One input of a KServe v2 inference request. {@code data} is absent when the tensor travels in the binary
 * extension, whose size is then {@code parameters.binary_data_size}.
 */
public record RequestInput(@JsonProperty("name") String name,
                           @JsonProperty("shape") long[] shape,
                           @JsonProperty("datatype") String datatype,
                           @JsonProperty("parameters") Map<String, Object> parameters,
                           @JsonProperty("data") TensorData data) {
}
