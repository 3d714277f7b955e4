package dev.panamaedge.server.kserve;

import dev.panamaedge.server.QueueFullException;
import dev.panamaedge.server.ServedModel;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Admission before the body: a request for a model whose queue is full is refused (503) without its body being
 * read. Over HTTP/1.1 the reply says {@code Connection: close}: Helidon 4.5.0 then skips reading and discarding the
 * unread body (which it does to keep a connection alive), and the client closes, as RFC 9112 asks of it. Helidon
 * itself does not close: bytes a client sends anyway are read as its next request line, which Helidon refuses
 * (400) or the idle timeout ends. Over HTTP/2 (where that header is forbidden) the stream ends.
 */
final class EarlyAdmission {
    private EarlyAdmission() {
    }

    /** @throws QueueFullException when {@code model}'s queue is full, after marking the reply to close */
    static void check(ServedModel model, ServerRequest req, ServerResponse res) {
        try {
            model.refuseIfFull();
        } catch (QueueFullException e) {
            if (req.content().hasEntity() && req.prologue().protocolVersion().startsWith("1.")) {
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
            throw e;
        }
    }
}
