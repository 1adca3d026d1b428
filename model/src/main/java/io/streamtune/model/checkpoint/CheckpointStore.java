package io.streamtune.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where checkpoints live: a directory by default, an object store later. A checkpoint is a set of files under an
 * id; it becomes visible all at once on {@link PendingCheckpoint#commit()}, so a reader never sees half of one.
 * Ids and file names are relative paths resolved inside the store only (see {@link #requireRelativePath}).
 */
public interface CheckpointStore {

    /** Starts writing checkpoint {@code id}; nothing is visible until {@link PendingCheckpoint#commit()}. */
    PendingCheckpoint begin(String id) throws IOException;

    boolean exists(String id) throws IOException;

    /** Opens one file of a committed checkpoint. */
    InputStream open(String id, String file) throws IOException;

    /** Ids of the committed checkpoints, sorted. */
    List<String> list() throws IOException;

    void delete(String id) throws IOException;

    /** A checkpoint being written. Closing it without a commit discards it. */
    interface PendingCheckpoint extends AutoCloseable {

        OutputStream create(String file) throws IOException;

        /** Publishes every file at once; fails if the id was committed meanwhile (checkpoints are immutable). */
        void commit() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Segments: letters, digits, '.', '_', '-', '=' ; no empty, '.' or '..' segment; no leading '/'. */
    Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._=-]+");

    /**
     * Validates a store-relative path and returns it: rejects absolute paths, {@code ..}, backslashes and other
     * characters that could escape the store or mean different things to different stores.
     */
    static String requireRelativePath(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("checkpoint path must not be empty");
        }
        if (path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            throw new IllegalArgumentException("checkpoint path must be relative to the store: '" + path + "'");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("checkpoint path '" + path + "' has an invalid segment '"
                        + segment + "'");
            }
        }
        return path;
    }
}
