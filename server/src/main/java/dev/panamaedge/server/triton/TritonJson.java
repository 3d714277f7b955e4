package dev.panamaedge.server.triton;

import com.google.protobuf.Message;
import java.util.Map;

/** The JSON bodies of Triton's HTTP extensions, rendered from the same messages the gRPC RPCs answer with. */
public final class TritonJson {
    private TritonJson() {
    }

    /** A model config, statistics response or index entry as Triton's HTTP endpoints write it. */
    public static Map<String, Object> of(Message message) {
        return ProtoJson.toMap(message);
    }
}
