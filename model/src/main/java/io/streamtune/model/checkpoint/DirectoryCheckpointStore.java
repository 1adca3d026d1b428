package io.streamtune.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A {@link CheckpointStore} on a local or mounted file system. A checkpoint is written into a hidden temporary
 * directory ({@code .tmp/<owner>/<random>}, owner = the id's first segment), its files are synced, and the
 * directory is renamed to its id in one atomic move. Deleting is the reverse: one atomic rename into
 * {@code .trash/}, then the files go; a crash in between leaves only {@code .trash/} entries, which no reader sees
 * and {@link #finishDeletes()} removes.
 */
public final class DirectoryCheckpointStore implements CheckpointStore {

    /** Marks a committed checkpoint directory; written last, inside the temporary directory. */
    static final String COMMITTED_MARKER = ".committed";
    private static final String TEMP_DIR = ".tmp";
    private static final String TRASH_DIR = ".trash";

    private final Path root;

    public DirectoryCheckpointStore(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
            Files.createDirectories(this.root.resolve(TEMP_DIR));
            Files.createDirectories(this.root.resolve(TRASH_DIR));
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
        Path ownerTemp = Files.createDirectories(root.resolve(TEMP_DIR).resolve(owner(id)));
        Path temp = Files.createDirectory(ownerTemp.resolve(UUID.randomUUID().toString()));
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
                    .filter(p -> !p.startsWith(root.resolve(TEMP_DIR)) && !p.startsWith(root.resolve(TRASH_DIR)))
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
        // One atomic rename takes the whole checkpoint out of sight; only then are its files removed.
        Path trash = root.resolve(TRASH_DIR).resolve(UUID.randomUUID().toString());
        Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(trash);
    }

    @Override
    public boolean deleteFile(String id, String file) throws IOException {
        Path path = resolve(id + "/" + CheckpointStore.requireRelativePath(file));
        if (path.getFileName().toString().equals(COMMITTED_MARKER)) {
            throw new IllegalArgumentException("use delete(id) to delete a whole checkpoint");
        }
        if (!exists(id)) {
            throw new NoSuchFileException("checkpoint " + id + " does not exist in " + root);
        }
        return Files.deleteIfExists(path);
    }

    /**
     * {@inheritDoc} Also removes partial writes of the earlier flat layout ({@code .tmp/<random>/<files>}), which no
     * current writer uses: they are told apart from owner folders by holding files.
     */
    @Override
    public void finishDeletes() throws IOException {
        for (Path entry : children(root.resolve(TRASH_DIR))) {
            deleteTree(entry);
        }
        for (Path entry : children(root.resolve(TEMP_DIR))) {
            if (children(entry).stream().anyMatch(Files::isRegularFile)) {
                deleteTree(entry);
            }
        }
    }

    @Override
    public int removeIncomplete(String owner) throws IOException {
        Path ownerTemp = root.resolve(TEMP_DIR).resolve(CheckpointStore.requireRelativePath(owner));
        if (!ownerTemp.getParent().equals(root.resolve(TEMP_DIR))) {
            throw new IllegalArgumentException("owner must be one path segment: " + owner);
        }
        List<Path> partial = children(ownerTemp);
        for (Path entry : partial) {
            deleteTree(entry);
        }
        return partial.size();
    }

    @Override
    public long bytesUsed() throws IOException {
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                total[0] += attributes.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // Removed while walking (a concurrent delete): it no longer uses space.
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static String owner(String id) {
        return id.split("/", 2)[0];
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    /** Deletes a tree; entries another process removed meanwhile are fine (two writers may finish one delete). */
    private static void deleteTree(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException | UncheckedIOException e) {
            if (Files.exists(dir)) {
                throw e;
            }
            return;
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
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
            return Files.newOutputStream(newFile(file), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        @Override
        public WritableByteChannel createChannel(String file) throws IOException {
            return FileChannel.open(newFile(file), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        private Path newFile(String file) throws IOException {
            Path path = temp.resolve(CheckpointStore.requireRelativePath(file)).normalize();
            if (!path.startsWith(temp) || path.getFileName().toString().equals(COMMITTED_MARKER)) {
                throw new IllegalArgumentException("invalid checkpoint file name " + file);
            }
            Files.createDirectories(path.getParent());
            return path;
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
