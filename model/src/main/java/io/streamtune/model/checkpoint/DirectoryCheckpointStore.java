package io.streamtune.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A {@link CheckpointStore} on a local or mounted file system. A checkpoint is written into a hidden temporary
 * directory, its files are synced, and the directory is renamed to its id in one atomic move.
 */
public final class DirectoryCheckpointStore implements CheckpointStore {

    /** Marks a committed checkpoint directory; written last, inside the temporary directory. */
    static final String COMMITTED_MARKER = ".committed";
    private static final String TEMP_DIR = ".tmp";

    private final Path root;

    public DirectoryCheckpointStore(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
            Files.createDirectories(this.root.resolve(TEMP_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create checkpoint directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** The directory of a checkpoint id, guaranteed inside the store. */
    Path resolve(String relative) {
        Path resolved = root.resolve(CheckpointStore.requireRelativePath(relative)).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new IllegalArgumentException("checkpoint path '" + relative + "' escapes the store");
        }
        return resolved;
    }

    @Override
    public PendingCheckpoint begin(String id) throws IOException {
        Path target = resolve(id);
        if (target.getFileName().toString().startsWith(".")) {
            throw new IllegalArgumentException("checkpoint id must not start with '.': " + id);
        }
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "checkpoint " + id + " already exists");
        }
        Path temp = Files.createDirectory(root.resolve(TEMP_DIR).resolve(UUID.randomUUID().toString()));
        return new Pending(id, temp, target);
    }

    @Override
    public boolean exists(String id) {
        return Files.exists(resolve(id).resolve(COMMITTED_MARKER));
    }

    @Override
    public InputStream open(String id, String file) throws IOException {
        Path path = resolve(id + "/" + CheckpointStore.requireRelativePath(file));
        if (!exists(id)) {
            throw new NoSuchFileException("checkpoint " + id + " does not exist in " + root);
        }
        return Files.newInputStream(path);
    }

    @Override
    public List<String> list() throws IOException {
        try (Stream<Path> markers = Files.walk(root)) {
            return markers.filter(p -> p.getFileName().toString().equals(COMMITTED_MARKER))
                    .filter(p -> !p.startsWith(root.resolve(TEMP_DIR)))
                    .map(p -> root.relativize(p.getParent()).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    @Override
    public void delete(String id) throws IOException {
        Path dir = resolve(id);
        if (!Files.exists(dir)) {
            return;
        }
        // Drop the marker first so a reader never takes a half-deleted checkpoint for a whole one.
        Files.deleteIfExists(dir.resolve(COMMITTED_MARKER));
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private final class Pending implements PendingCheckpoint {
        private final String id;
        private final Path temp;
        private final Path target;
        private boolean committed;

        Pending(String id, Path temp, Path target) {
            this.id = id;
            this.temp = temp;
            this.target = target;
        }

        @Override
        public OutputStream create(String file) throws IOException {
            Path path = temp.resolve(CheckpointStore.requireRelativePath(file)).normalize();
            if (!path.startsWith(temp) || path.getFileName().toString().equals(COMMITTED_MARKER)) {
                throw new IllegalArgumentException("invalid checkpoint file name " + file);
            }
            Files.createDirectories(path.getParent());
            return Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        @Override
        public void commit() throws IOException {
            Files.createFile(temp.resolve(COMMITTED_MARKER));
            try (Stream<Path> files = Files.walk(temp)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                }
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "checkpoint " + id + " was committed by another writer");
            }
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                deleteTree(temp);
            }
        }
    }
}
