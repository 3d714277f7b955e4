package dev.panamaedge.tools.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Strips the symbol tables of the linked runtime's shared libraries with binutils' {@code objcopy
 * --strip-unneeded}: 5.3 MB, nearly all of it libjvm.so's 5 MB {@code .symtab}. jlink's own
 * {@code --strip-native-debug-symbols} removes debug sections only ({@code objcopy -g}), and Temurin ships those in
 * separate files already, so it saves nothing here.
 *
 * <p>What a crash report loses: an hs_err file's native frames name libjvm.so's exported functions only and show
 * the others as {@code libjvm.so+0x…}. Each library keeps its build id and {@code .gnu_debuglink}, so those offsets
 * resolve again (gdb, {@code addr2line}) against the debug-symbols archive Temurin publishes for the same build;
 * Java frames, the Java stack traces of every log and the application jars' line numbers are untouched.
 */
final class NativeSymbols {
    static final String OBJCOPY = "objcopy";

    private NativeSymbols() {
    }

    /**
     * Fails, saying what to install, when the build machine has no objcopy (Debian: {@code apt-get install
     * binutils}).
     */
    static void requireObjcopy() throws IOException {
        String found = run(List.of(OBJCOPY, "--version"));
        if (found == null) {
            throw new IOException("edge dist needs binutils' " + OBJCOPY + " on the PATH to strip the Java runtime's"
                    + " symbol tables (Debian/Ubuntu: apt-get install binutils); none found");
        }
    }

    /** Strips every {@code *.so} under {@code runtime}, in place. */
    static void strip(Path runtime) throws IOException {
        List<Path> libraries;
        try (Stream<Path> files = Files.walk(runtime)) {
            libraries = files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".so"))
                    .sorted().toList();
        }
        for (Path library : libraries) {
            String failure = run(List.of(OBJCOPY, "--strip-unneeded", library.toString()));
            if (failure == null || !failure.isEmpty()) {
                throw new IOException(OBJCOPY + " --strip-unneeded " + library + " failed: " + failure);
            }
        }
    }

    /** Runs {@code command}: "" on exit 0, its output on another exit, null if it cannot be started. */
    private static String run(List<String> command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return "timed out after 2 minutes";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + command, e);
        }
        return process.exitValue() == 0 ? "" : "exit " + process.exitValue() + ": " + output.strip();
    }
}
