package dev.panamaedge.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which mirror the Debian root is made from: the one apt's sources name for the suite itself. */
final class DebianRootTest {

    @Test
    void aDeb822SourceForTheSuiteGivesItsUriAndSecuritySourcesAreIgnored() {
        String sources = """
                Types: deb
                URIs: http://security.example/debian-security
                Suites: bookworm-security
                Components: main

                Types: deb
                URIs: http://mirror.example/debian
                Suites: bookworm bookworm-updates
                Components: main
                """;
        assertEquals(Optional.of("http://mirror.example/debian"), DebianRoot.mirrorIn(sources));
    }

    @Test
    void aOneLineSourceWithOptionsGivesItsUri() {
        String sources = """
                # deb http://old.example/debian bookworm main
                deb [signed-by=/usr/share/keyrings/k.gpg] https://packages.example/apt cloud-sdk-bookworm main
                deb [arch=amd64] http://mirror.example/debian bookworm main contrib
                """;
        assertEquals(Optional.of("http://mirror.example/debian"), DebianRoot.mirrorIn(sources));
    }

    @Test
    void sourcesForOtherSuitesGiveNone() {
        assertEquals(Optional.empty(), DebianRoot.mirrorIn("deb http://mirror.example/debian trixie main\n"));
    }
}
