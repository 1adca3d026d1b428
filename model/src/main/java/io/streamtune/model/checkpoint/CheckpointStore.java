package io.streamtune.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
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

    /**
     * Deletes a committed checkpoint so that no reader ever sees part of it: it disappears from {@link #list()} and
     * {@link #exists} at once, and a crash while its files are removed is finished by {@link #finishDeletes()}.
     */
    void delete(String id) throws IOException;

    /**
     * Deletes one file of a committed checkpoint (e.g. optimizer state no reader needs any more); the checkpoint
     * and its metadata stay as they are.
     *
     * @return whether the file existed
     */
    boolean deleteFile(String id, String file) throws IOException;

    /** Finishes deletions a crash interrupted; safe to call at any time and from several writers. */
    void finishDeletes() throws IOException;

    /**
     * Removes partial writes left by a crash of checkpoints whose id starts with segment {@code owner} (a task):
     * call it only while no live writer of that owner can be writing.
     *
     * @return how many partial checkpoints were removed
     */
    int removeIncomplete(String owner) throws IOException;

    /** Bytes the store occupies: committed checkpoints, partial writes and unfinished deletions. */
    long bytesUsed() throws IOException;

    /** A checkpoint being written. Closing it without a commit discards it. */
    interface PendingCheckpoint extends AutoCloseable {

        OutputStream create(String file) throws IOException;

        /**
         * As {@link #create}, as a channel: large tensors are written from native memory without a Java copy. A
         * store with no channel of its own gets the stream wrapped.
         */
        default WritableByteChannel createChannel(String file) throws IOException {
            return Channels.newChannel(create(file));
        }

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
