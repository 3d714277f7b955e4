package dev.panamaedge.server.kserve;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A requested output; {@code parameters.binary_data} asks for it in the binary extension. */
public record RequestOutput(@JsonProperty("name") String name,
                            @JsonProperty("parameters") Map<String, Object> parameters) {
}
