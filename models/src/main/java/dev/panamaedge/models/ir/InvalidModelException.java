package dev.panamaedge.models.ir;

/** A model file or graph is malformed: the message names the file, layer or op and what is wrong. */
public class InvalidModelException extends RuntimeException {
    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
