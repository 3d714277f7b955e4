package dev.panamaedge.tools.cli;

import dev.panamaedge.models.ir.InvalidModelException;
import dev.panamaedge.runtime.image.ImageDecodeException;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The CLI's one exception boundary (STYLE §2.3: in tools, exceptions become exit codes). A subcommand
 * runs its body through {@link #guard}; whatever escapes becomes one line on stderr and an exit code:
 * {@value #EXIT_USAGE} for input the user can fix (a missing file, an unreadable image or model),
 * {@value #EXIT_FAILED} for everything else. The stack trace is printed only with {@code -Dedge.debug=true}.
 */
final class Failures {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private Failures() {
    }

    static int guard(CommandSpec spec, Callable<Integer> body) {
        try {
            return body.call();
        } catch (CommandLine.ParameterException e) {
            throw e; // picocli prints it with the usage hint and exits 2
        } catch (Exception e) {
            return report(spec, e);
        }
    }

    static int report(CommandSpec spec, Exception thrown) {
        Throwable e = unwrap(thrown);
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": error: " + describe(e));
        if (Boolean.getBoolean("edge.debug")) {
            e.printStackTrace(err);
        }
        err.flush();
        return isInputError(e) ? EXIT_USAGE : EXIT_FAILED;
    }

    static boolean isInputError(Throwable e) {
        return e instanceof NoSuchFileException || e instanceof AccessDeniedException
                || e instanceof FileAlreadyExistsException
                || e instanceof FileNotFoundException || e instanceof ImageDecodeException
                || e instanceof InvalidModelException || e instanceof UsageException;
    }

    /** The message, with the cause's message appended when it adds something, on one line. */
    static String describe(Throwable e) {
        String text = message(e);
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            String c = message(cause);
            if (!text.contains(c)) {
                text = text + " (caused by " + c + ")";
            }
        }
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + m;
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
