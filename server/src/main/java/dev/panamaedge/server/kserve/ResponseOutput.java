package dev.panamaedge.server.kserve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One output of a KServe v2 inference response. {@code data} is a primitive array (serialized without
 * boxing) or absent when the output travels in the binary extension, announced by
 * {@code parameters.binary_data_size}.
 */
public record ResponseOutput(@JsonProperty("name") String name,
                             @JsonProperty("datatype") String datatype,
                             @JsonProperty("shape") long[] shape,
                             @JsonProperty("parameters") @JsonInclude(JsonInclude.Include.NON_NULL)
                             Map<String, Object> parameters,
                             @JsonProperty("data") @JsonInclude(JsonInclude.Include.NON_NULL) Object data) {
}
