package dev.panamaedge.tools.cli;

/**
 * A request the user can fix that picocli cannot see while parsing (a directory without images, a model
 * format the chosen engine cannot read); {@link Failures} turns it into exit code 2.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
