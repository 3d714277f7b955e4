package dev.panamaedge.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataListener;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.LazyString;
import java.io.ByteArrayOutputStream;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * ReleasingDataReader against Helidon's own DataReader: the same random operations on the same bytes, cut into
 * reads at random places, must give the same results, the same available bytes and the same pulls after every
 * step. One file on purpose: the byte streams and the operation generator serve only this comparison.
 */
final class ReleasingDataReaderTest {

    private static final int SEEDS = 2000;      // per kind of stream and per ignoreLoneEol value
    private static final int MAX_STEPS = 600;   // per seed; most runs reach the end of their stream well before
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> HTTP_PIECES = List.of("GET /v2/models/mobilenet/ready HTTP/1.1\r\n",
            "Host: localhost:8080\r\n", "Content-Type: application/json\r\n", "\r\n", "Content-Length: 12\r\n");
    private static final List<String> LONE_EOLS = List.of("\r", "\n", "\r\r\n", "\n\r", "x\ry\r\n");
    private static final List<Charset> CHARSETS = List.of(StandardCharsets.US_ASCII, StandardCharsets.UTF_8,
            StandardCharsets.ISO_8859_1);

    private enum Content { HTTP_TEXT, BINARY }

    @Test
    void overridesEveryPublicInstanceMethodOfHelidonsReader() {
        // A method added by a Helidon upgrade would otherwise run on DataReader's own, never-filled state.
        List<String> inherited = new ArrayList<>();
        int checked = 0;
        for (Method method : DataReader.class.getDeclaredMethods()) {
            int modifiers = method.getModifiers();
            if (Modifier.isStatic(modifiers) || !(Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers))) {
                continue;
            }
            checked++;
            try {
                ReleasingDataReader.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                inherited.add(method.toGenericString());
            }
        }
        assertEquals(List.of(), inherited, "DataReader methods ReleasingDataReader does not override");
        assertEquals(19, checked, "DataReader 4.5.0 has 19 public instance methods; re-read it if this changed");
    }

    @Test
    void readsHttpTextLikeHelidonWhereverTheReadsAreCut() {
        Map<String, Integer> seen = compareOverSeeds(Content.HTTP_TEXT, false);
        assertSeenAtLeast(SEEDS, "readLine returned", seen);
        assertSeenAtLeast(SEEDS / 20, "readLine threw IncorrectNewLineException", seen);
        assertSeenAtLeast(SEEDS / 20, "findNewLine threw IncorrectNewLineException", seen);
        assertSeenAtLeast(SEEDS / 20, "findOrNewLine threw IncorrectNewLineException", seen);
    }

    @Test
    void readsBinaryLikeHelidonWhereverTheReadsAreCut() {
        Map<String, Integer> seen = compareOverSeeds(Content.BINARY, false);
        assertSeenAtLeast(SEEDS, "readBytes returned", seen);
        assertSeenAtLeast(SEEDS / 20, "findNewLine threw IncorrectNewLineException", seen);
    }

    @Test
    void readsLikeHelidonEvenWhenTheSupplierHandsOutEmptyArrays() {
        // Helidon's sockets never return an empty array, but nothing in DataReader's contract forbids one;
        // Helidon then even fails with ArrayIndexOutOfBoundsException when a CR ends the array before it.
        Map<String, Integer> seen = compareOverSeeds(Content.HTTP_TEXT, true);
        assertSeenAtLeast(SEEDS, "readLazyString returned", seen);
        assertSeenAtLeast(1, "findNewLine threw ArrayIndexOutOfBoundsException", seen);
    }

    @Test
    void handsOutViewsOfTheSuppliersArraysExactlyWhereHelidonDoes() {
        // Both readers' results are kept unread, every array each supplier handed out is then overwritten, and
        // only then are the results read: a view shows the new bytes, a copy the old ones.
        int changedByOverwrite = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Run run = new Run(seed, Content.HTTP_TEXT, seed % 2 == 0, seed % 3 == 0);
            List<Object> helidonResults = new ArrayList<>();
            List<Object> ourResults = new ArrayList<>();
            List<String> before = new ArrayList<>();
            for (int step = 0; step < 40; step++) {
                Operation operation = run.nextOperation();
                helidonResults.add(operation.applyTo(run.helidon));
                ourResults.add(operation.applyTo(run.ours));
                before.add(describe(operation.applyTo(run.shadow)));
            }
            run.helidonReads.overwriteHandedOut();
            run.ourReads.overwriteHandedOut();
            for (int i = 0; i < helidonResults.size(); i++) {
                String helidon = describe(helidonResults.get(i));
                assertEquals(helidon, describe(ourResults.get(i)), "seed " + seed + ", result " + i);
                changedByOverwrite += helidon.equals(before.get(i)) ? 0 : 1;
            }
        }
        assertTrue(changedByOverwrite > 1000, "results that were views: " + changedByOverwrite);
    }

    @Test
    void letsGoOfArraysItHasReadPastButKeepsTheOneItIsReading() {
        // Holds for Helidon's reader too (only a tenured node makes its links matter); this pins the contract.
        int size = 64 * 1024;
        List<WeakReference<byte[]>> handedOut = new ArrayList<>();
        ReleasingDataReader reader = ReleasingDataReader.create(() -> {
            byte[] read = new byte[size];
            handedOut.add(new WeakReference<>(read));
            return read;
        }, false);
        // Into the third array: a reader moves past an array only when a read needs the next one.
        reader.skip(2 * size + 10);
        assertEquals(3, handedOut.size());
        for (int attempt = 0; attempt < 50 && (handedOut.get(0).get() != null || handedOut.get(1).get() != null);
             attempt++) {
            System.gc();
            Reference.reachabilityFence(new byte[1024]);
        }
        assertNull(handedOut.get(0).get(), "the first array, read past");
        assertNull(handedOut.get(1).get(), "the second array, read past");
        assertNotNull(handedOut.get(2).get(), "the third array, being read");
        assertEquals(size - 10, reader.available());
        Reference.reachabilityFence(reader);
    }

    /** Runs every seed with both ignoreLoneEol values; returns how often each method returned or threw what. */
    private static Map<String, Integer> compareOverSeeds(Content content, boolean emptyReads) {
        Map<String, Integer> seen = new TreeMap<>();
        int ranOffTheEnd = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            for (boolean ignoreLoneEol : new boolean[] {false, true}) {
                ranOffTheEnd += compareOneRun(new Run(seed, content, ignoreLoneEol, emptyReads), seen) ? 1 : 0;
            }
        }
        assertTrue(ranOffTheEnd > SEEDS * 3 / 2, "runs that read past the end: " + ranOffTheEnd);
        for (Method method : DataReader.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
                    && !method.getName().equals("available")) {   // available() is compared after every step
                assertTrue(seen.containsKey(method.getName() + " returned"), method.getName() + " never ran: " + seen);
            }
        }
        return seen;
    }

    /** One random run, compared step by step; returns whether the supplier ran dry during it. */
    private static boolean compareOneRun(Run run, Map<String, Integer> seen) {
        Deque<String> lastSteps = new ArrayDeque<>();
        int pastTheEnd = 0;
        for (int step = 0; step < MAX_STEPS && pastTheEnd < 8; step++) {
            Operation operation = run.nextOperation();
            Object helidonOutcome = operation.applyTo(run.helidon);
            String expected = describe(helidonOutcome);
            String actual = describe(operation.applyTo(run.ours));
            lastSteps.addLast(operation + " -> " + abbreviate(expected));
            if (lastSteps.size() > 12) {
                lastSteps.removeFirst();
            }
            int stepNumber = step;
            Supplier<String> where = () -> run + ", step " + stepNumber + "; last steps, Helidon's outcome:\n  "
                                           + String.join("\n  ", lastSteps);
            assertEquals(expected, actual, where);
            assertEquals(run.helidon.available(), run.ours.available(), where);
            assertEquals(run.helidonReads.pulls, run.ourReads.pulls, where);
            String kind = helidonOutcome instanceof RuntimeException e ? "threw " + e.getClass().getSimpleName()
                                                                       : "returned";
            seen.merge(operation.method + " " + kind, 1, Integer::sum);
            pastTheEnd += helidonOutcome instanceof DataReader.InsufficientDataAvailableException ? 1 : 0;
        }
        return run.helidonReads.ranDry;
    }

    private static void assertSeenAtLeast(int times, String outcome, Map<String, Integer> seen) {
        assertTrue(seen.getOrDefault(outcome, 0) >= times, () -> outcome + " fewer than " + times + " times: " + seen);
    }

    private static String describe(Object outcome) {
        return switch (outcome) {
            case null -> "void";
            // Once hot, the JIT may throw a preallocated AIOOBE without a message (OmitStackTraceInFastThrow).
            case ArrayIndexOutOfBoundsException e -> "threw " + e.getClass().getName();
            case RuntimeException e -> "threw " + e.getClass().getName() + ": " + e.getMessage();
            case byte[] bytes -> "byte[] " + HEX.formatHex(bytes);
            // The class tells a read-only view from a writable one and a composite from a single array.
            case BufferData data -> data.getClass().getSimpleName() + " " + HEX.formatHex(data.readBytes());
            case LazyString string -> "LazyString " + string;
            default -> outcome.getClass().getSimpleName() + " " + outcome;
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    /** One method call with its arguments, applied alike to each reader. */
    private record Operation(String method, String arguments, Function<DataReader, Object> call) {

        /** @return what the call returned, or the runtime exception it threw */
        Object applyTo(DataReader reader) {
            try {
                return call.apply(reader);
            } catch (RuntimeException e) {
                return e;
            }
        }

        @Override
        public String toString() {
            return method + "(" + arguments + ")";
        }
    }

    /**
     * A seeded byte stream cut into reads, Helidon's reader and ours over copies of the same reads, and a shadow
     * Helidon reader over copies nobody overwrites. Operations are chosen from what Helidon's reader holds.
     */
    private static final class Run {
        private final String name;
        private final Random random;
        private final byte[] stream;
        private final Reads helidonReads;
        private final Reads ourReads;
        private final DataReader helidon;
        private final DataReader ours;
        private final DataReader shadow;

        Run(long seed, Content content, boolean ignoreLoneEol, boolean emptyReads) {
            this.name = "seed " + seed + ", " + content + ", ignoreLoneEol " + ignoreLoneEol
                        + (emptyReads ? ", with empty reads" : "");
            this.random = new Random(seed);
            this.stream = content == Content.HTTP_TEXT ? httpText(random) : binary(random);
            List<byte[]> reads = cut(stream, random, emptyReads);
            this.helidonReads = new Reads(reads);
            this.ourReads = new Reads(reads);
            this.helidon = DataReader.create(helidonReads, ignoreLoneEol);
            this.ours = ReleasingDataReader.create(ourReads, ignoreLoneEol);
            this.shadow = DataReader.create(new Reads(reads), ignoreLoneEol);
        }

        Operation nextOperation() {
            int available = helidon.available();
            int length = length(available);
            int max = random.nextInt(5) == 0 ? Integer.MAX_VALUE : length(available);
            return switch (random.nextInt(18)) {
                case 0 -> new Operation("pullData", "", r -> { r.pullData(); return null; });
                case 1 -> new Operation("skip", "" + length, r -> { r.skip(length); return null; });
                case 2 -> new Operation("ensureAvailable", "", r -> { r.ensureAvailable(); return null; });
                case 3 -> new Operation("read", "", DataReader::read);
                case 4 -> new Operation("lookup", "", DataReader::lookup);
                case 5 -> new Operation("startsWithNewLine", "", DataReader::startsWithNewLine);
                case 6 -> {
                    byte[] prefix = prefix(length, available);
                    yield new Operation("startsWith", HEX.formatHex(prefix), r -> r.startsWith(prefix));
                }
                case 7 -> new Operation("readBuffer", "", DataReader::readBuffer);
                case 8 -> new Operation("readBuffer", "" + length, r -> r.readBuffer(length));
                case 9 -> new Operation("getBuffer", "" + length, r -> r.getBuffer(length));
                case 10 -> {
                    Charset charset = CHARSETS.get(random.nextInt(CHARSETS.size()));
                    yield new Operation("readLazyString", charset + ", " + length, r -> r.readLazyString(charset, length));
                }
                case 11 -> new Operation("readAsciiString", "" + length, r -> r.readAsciiString(length));
                case 12 -> new Operation("readBytes", "" + length, r -> r.readBytes(length));
                case 13 -> new Operation("readLine", "", DataReader::readLine);
                case 14 -> {
                    byte wanted = wantedByte(available);
                    yield new Operation("findOrNewLine", wanted + ", " + max, r -> r.findOrNewLine(wanted, max));
                }
                case 15 -> new Operation("debugDataHex", "", DataReader::debugDataHex);
                case 16 -> new Operation("findNewLine", "" + max, r -> r.findNewLine(max));
                default -> new Operation("listener", "", r -> {
                    r.listener(new DataListener<String>() { }, "context");
                    return null;
                });
            };
        }

        /** Mostly within what the reader holds (fast paths), often beyond it (pulls, and the end of the stream). */
        private int length(int available) {
            return switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1, 2 -> 1 + random.nextInt(4);
                case 3, 4, 5 -> 1 + random.nextInt(Math.max(1, available));
                case 6 -> available;
                default -> available + 1 + random.nextInt(48);
            };
        }

        /** The bytes coming next, sometimes with one changed or running on past the end of the stream. */
        private byte[] prefix(int length, int available) {
            int from = helidonReads.bytesHandedOut - available;
            byte[] prefix = Arrays.copyOfRange(stream, from, Math.min(stream.length, from + length));
            int variant = random.nextInt(10);
            if (variant < 3 && prefix.length > 0) {
                prefix[random.nextInt(prefix.length)] ^= 1;
            } else if (variant == 3) {
                prefix = Arrays.copyOf(prefix, prefix.length + 1 + random.nextInt(8));
            }
            return prefix;
        }

        /** A byte that is there, soon, or a random one. */
        private byte wantedByte(int available) {
            int from = helidonReads.bytesHandedOut - available;
            int at = from + random.nextInt(32);
            return at < stream.length && random.nextBoolean() ? stream[at] : (byte) random.nextInt(256);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The reads of one reader, each a private copy, then end of stream (null) for ever. */
    private static final class Reads implements Supplier<byte[]> {
        private final List<byte[]> reads;
        private int handedOut;
        private int bytesHandedOut;
        private int pulls;
        private boolean ranDry;

        Reads(List<byte[]> reads) {
            this.reads = reads.stream().map(byte[]::clone).toList();
        }

        @Override
        public byte[] get() {
            pulls++;
            if (handedOut == reads.size()) {
                ranDry = true;
                return null;
            }
            byte[] read = reads.get(handedOut++);
            bytesHandedOut += read.length;
            return read;
        }

        void overwriteHandedOut() {
            for (byte[] read : reads.subList(0, handedOut)) {
                for (int i = 0; i < read.length; i++) {
                    read[i] = (byte) ~read[i];
                }
            }
        }
    }

    /** HTTP/1-like lines ending in CRLF, with some text, lone CRs and LFs, and binary bytes among them. */
    private static byte[] httpText(Random random) {
        int length = 64 + random.nextInt(2048);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        while (text.size() < length) {
            int kind = random.nextInt(20);
            String piece = switch (kind) {
                case 0, 1 -> LONE_EOLS.get(random.nextInt(LONE_EOLS.size()));
                case 2, 3 -> randomWord(random);
                case 4 -> null;
                default -> HTTP_PIECES.get(random.nextInt(HTTP_PIECES.size()));
            };
            if (piece == null) {
                byte[] binary = new byte[1 + random.nextInt(16)];
                random.nextBytes(binary);
                text.writeBytes(binary);
            } else {
                text.writeBytes(piece.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return text.toByteArray();
    }

    private static String randomWord(Random random) {
        StringBuilder word = new StringBuilder();
        for (int i = random.nextInt(24); i >= 0; i--) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    /** Random bytes with CR and LF far more common than chance would make them. */
    private static byte[] binary(Random random) {
        byte[] bytes = new byte[64 + random.nextInt(2048)];
        for (int i = 0; i < bytes.length; i++) {
            int kind = random.nextInt(10);
            bytes[i] = kind == 0 ? (byte) '\r' : kind == 1 ? (byte) '\n' : (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Cuts anywhere: many reads of 1 to 3 bytes, some up to 16 or 256, now and then all the rest at once. */
    private static List<byte[]> cut(byte[] stream, Random random, boolean emptyReads) {
        List<byte[]> reads = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            if (emptyReads && random.nextInt(6) == 0) {
                reads.add(new byte[0]);
                continue;
            }
            int size = switch (random.nextInt(20)) {
                case 0 -> stream.length - at;
                case 1, 2, 3 -> 1 + random.nextInt(256);
                case 4, 5, 6, 7, 8, 9, 10, 11 -> 1 + random.nextInt(16);
                default -> 1 + random.nextInt(3);
            };
            int end = Math.min(stream.length, at + size);
            reads.add(Arrays.copyOfRange(stream, at, end));
            at = end;
        }
        return reads;
    }
}
