package io.streamtune.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash safety of deletion and the clean-up of partial writes, at the level of the directory store. */
class DirectoryCheckpointStoreTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeADeletedCheckpointOutOfSightAtOnceAndLeaveNoFile() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        commit(store, "spam/c1", 1000);
        commit(store, "spam/c2", 1000);

        store.delete("spam/c1");

        assertThat(store.list()).containsExactly("spam/c2");
        assertThat(store.exists("spam/c1")).isFalse();
        assertThat(dir.resolve("spam/c1")).doesNotExist();
        assertThat(files(dir.resolve(".trash"))).isZero();
    }

    @Test
    void shouldFinishADeletionThatACrashInterruptedWithoutAReaderSeeingIt() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        commit(store, "spam/c1", 1000);
        commit(store, "spam/c2", 1000);
        // What a kill -9 between the rename into the trash and the removal of the files leaves behind.
        Files.move(dir.resolve("spam/c1"), dir.resolve(".trash").resolve("interrupted"));

        DirectoryCheckpointStore restarted = new DirectoryCheckpointStore(dir);
        assertThat(restarted.list()).containsExactly("spam/c2");
        assertThat(restarted.exists("spam/c1")).isFalse();
        restarted.finishDeletes();

        assertThat(files(dir.resolve(".trash"))).isZero();
        assertThat(restarted.list()).containsExactly("spam/c2");
        assertThat(restarted.bytesUsed()).isEqualTo(1000);
    }

    @Test
    void shouldRemovePartialWritesOfTheEarlierFlatLayoutWhenFinishingDeletes() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        CheckpointStore.PendingCheckpoint live = store.begin("spam/c2");
        write(live, "parameters.bin", 100);
        // A kill -9 mid-write of a trainer before per-owner folders: files right under .tmp/<random>/.
        Path legacy = Files.createDirectories(dir.resolve(".tmp/0b5e2a4c-0000-4000-8000-000000000000"));
        Files.write(legacy.resolve("optimizer-m.bin"), new byte[5000]);

        store.finishDeletes();

        assertThat(legacy).doesNotExist();
        assertThat(store.bytesUsed()).isEqualTo(100);
        live.commit();
        assertThat(store.list()).containsExactly("spam/c2");
    }

    @Test
    void shouldRemoveAKilledWritersPartialCheckpointOfItsOwnerOnly() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        // Never committed nor closed: what a kill -9 in the middle of a write leaves in .tmp/.
        CheckpointStore.PendingCheckpoint killed = store.begin("spam/c1");
        write(killed, "parameters.bin", 5000);
        CheckpointStore.PendingCheckpoint otherTask = store.begin("ham/c1");
        write(otherTask, "parameters.bin", 3000);
        assertThat(store.bytesUsed()).isEqualTo(8000);

        DirectoryCheckpointStore restarted = new DirectoryCheckpointStore(dir);
        assertThat(restarted.removeIncomplete("spam")).isEqualTo(1);

        assertThat(restarted.bytesUsed()).isEqualTo(3000);
        assertThat(restarted.removeIncomplete("spam")).isZero();
        otherTask.commit();
        assertThat(restarted.list()).containsExactly("ham/c1");
        assertThatThrownBy(() -> restarted.removeIncomplete("spam/c1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCountEveryFileOfTheStoreInBytesUsed() throws IOException {
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        commit(store, "spam/c1", 1000);
        commit(store, "spam/c2", 2500);

        assertThat(store.bytesUsed()).isEqualTo(3500);
        assertThat(store.deleteFile("spam/c2", "parameters.bin")).isTrue();
        assertThat(store.bytesUsed()).isEqualTo(1000);
        assertThat(store.exists("spam/c2")).isTrue();
        assertThatThrownBy(() -> store.deleteFile("spam/c2", DirectoryCheckpointStore.COMMITTED_MARKER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void commit(CheckpointStore store, String id, int bytes) throws IOException {
        try (CheckpointStore.PendingCheckpoint pending = store.begin(id)) {
            write(pending, "parameters.bin", bytes);
            pending.commit();
        }
    }

    private static void write(CheckpointStore.PendingCheckpoint pending, String file, int bytes) throws IOException {
        try (OutputStream out = pending.create(file)) {
            out.write(new byte[bytes]);
        }
    }

    private static long files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }
}
