package dev.pixelprep.core;

/** A preprocessing spec that cannot be right: NaN constants, zero std, a wrong channel count, an unknown key. */
public class InvalidSpecException extends PixelprepException {
    private final String path;

    public InvalidSpecException(String message) {
        this(null, message);
    }

    /**
     * @param path where in the spec the problem is, as a JSON path such as {@code $.normalize.std[1]};
     *             {@code null} when the spec did not come from a document
     */
    public InvalidSpecException(String path, String message) {
        super(path == null ? message : path + ": " + message);
        this.path = path;
    }

    /**
     * The same problem, said of a named document: {@code source: path: message} (e.g. the spec file's name).
     *
     * @param source the document the spec came from, such as {@code spec.json}
     * @param e      the problem found in it
     */
    public InvalidSpecException(String source, InvalidSpecException e) {
        super(source + ": " + e.getMessage(), e);
        this.path = e.path;
    }

    /** JSON path of the offending value, or {@code null}. */
    public String path() {
        return path;
    }
}
