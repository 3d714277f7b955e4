package dev.panamaedge.tools.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;

/** The CLI's one {@link JsonMapper} (thread-safe, built once, STYLE §2.12). */
final class CliJson {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private CliJson() {
    }

    /** Prints {@code report} as one JSON document followed by a newline. */
    static void print(PrintWriter out, Object report) {
        try {
            out.println(MAPPER.writeValueAsString(report));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + report.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
