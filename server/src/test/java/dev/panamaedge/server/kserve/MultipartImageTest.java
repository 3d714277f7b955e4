package dev.panamaedge.server.kserve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MultipartImage's boundary search against the naive one, and its RFC 2046 bound on the boundary. */
final class MultipartImageTest {

    private static int naiveIndexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void searchFindsWhatTheNaiveSearchFinds() {
        Random random = new Random(12);
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] hay = new byte[random.nextInt(64)];
            byte[] needle = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < hay.length; i++) {
                hay[i] = (byte) ('a' + random.nextInt(2)); // two letters: many partial matches
            }
            for (int i = 0; i < needle.length; i++) {
                needle[i] = (byte) ('a' + random.nextInt(2));
            }
            int from = random.nextInt(hay.length + 1);
            assertEquals(naiveIndexOf(hay, needle, from), MultipartImage.indexOf(hay, needle, from),
                    () -> new String(hay, StandardCharsets.US_ASCII) + " / " + new String(needle, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void boundaryOfSeventyCharactersIsAcceptedAndSeventyOneRefused() {
        String ok = "b".repeat(70);
        byte[] body = ("--" + ok + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n\r\n"
                + "PIXELS\r\n--" + ok + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals("PIXELS".getBytes(StandardCharsets.US_ASCII),
                MultipartImage.extract(body, "multipart/form-data; boundary=" + ok));
        String tooLong = "b".repeat(71);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultipartImage.extract(body, "multipart/form-data; boundary=\"" + tooLong + "\""));
        assertTrue(e.getMessage().contains("71 characters is longer than the 70 RFC 2046 allows"), e.getMessage());
    }
}
