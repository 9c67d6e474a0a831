package dev.pixelprep.cli;

/** The command line is contradictory or incomplete (exit code 2), as opposed to bad input data (exit code 1). */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
