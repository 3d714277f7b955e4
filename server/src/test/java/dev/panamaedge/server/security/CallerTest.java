package dev.panamaedge.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a handler learns from {@link Caller#of}: a route behind a {@link RequestGuard} with bearer tokens (health
 * open) sees an authenticated caller only with a valid token, and a loopback bind as such; an off-loopback
 * guard admits administration only to the authenticated.
 */
@ServerTest
final class CallerTest {
    private static final Path TOKENS = tokens();
    private final Http1Client client;

    CallerTest(Http1Client client) {
        this.client = client;
    }

    private static Path tokens() {
        try {
            Path f = Files.createTempFile("edge-tokens", ".txt");
            Files.writeString(f, "admin-token\n");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SetUpRoute
    static void routes(HttpRouting.Builder routing) {
        SecuritySettings s = new SecuritySettings(List.of(), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(TOKENS), true, 0);
        new RequestGuard("127.0.0.1", s).install(routing);
        routing.get("/v2/health/caller", (req, res) -> res.send(Caller.of(req).toString()));
        routing.get("/caller", (req, res) -> res.send(Caller.of(req).toString()));
    }

    @Test
    void handlersSeeWhoCalled() {
        assertEquals("Caller[authenticated=true, loopbackOnly=true]", client.get("/caller")
                .header(HeaderNames.AUTHORIZATION, "Bearer admin-token").requestEntity(String.class));
        assertEquals(401, client.get("/caller").header(HeaderNames.AUTHORIZATION, "Bearer nope").request().status()
                .code());
        assertEquals("Caller[authenticated=false, loopbackOnly=true]", client.get("/v2/health/caller")
                .requestEntity(String.class));
    }

    @Test
    void offLoopbackOnlyTheAuthenticatedMayAdminister() {
        assertEquals(false, new Caller(false, false).mayAdminister());
        assertEquals(true, new Caller(true, false).mayAdminister());
        assertEquals(true, new Caller(false, true).mayAdminister());
    }
}
