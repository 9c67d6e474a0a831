package dev.pixelprep.formats;

import dev.pixelprep.core.PixelprepException;

/** A model, mean or config file that cannot be read or edited as asked; the message is one line naming the file. */
public class FormatException extends PixelprepException {
    public FormatException(String message) {
        super(message);
    }

    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Protobuf's parse error in a few words, on one line. */
    public static String protobufReason(String message) {
        if (message == null) {
            return "unreadable";
        }
        if (message.contains("ended unexpectedly")) {
            return "truncated, or a length prefix points past the end of the file";
        }
        if (message.contains("invalid wire type")) {
            return "bytes that are not protobuf (invalid wire type)";
        }
        if (message.contains("too many levels of nesting")) {
            return "nested too deeply";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
