package io.streamtune.ingest;

import io.streamtune.ingest.internals.ChangelogWriter;
import io.streamtune.ingest.internals.PreCommitStore;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The dedup keys accepted within the horizon, by record time, for one stream task: on local disk (RocksDB) and in a
 * changelog that holds a chunk of keys per record instead of a record per key (one changelog record per accepted
 * example was the largest single cost of the stream thread).
 *
 * <p>Locally a key is stored under its time bucket (record time / horizon), so whole buckets are dropped once they
 * are more than two horizons behind the newest; a lookup reads the two or three buckets its range touches. The keys
 * accepted since the last commit are sent to the changelog in chunks of up to {@value #CHUNK_BYTES} bytes, the last
 * one right before the commit ({@link PreCommitStore}), so the chunks commit with the input offsets under
 * exactly-once. A chunk's changelog key is the input offset of its first example, unique within the partition.
 * Restoring applies each chunk's keys again through the store's own restore callback.
 *
 * <p>Kafka Streams offers no public way for a store of one's own to write its changelog, so this one writes it
 * through {@link ChangelogWriter}, as Streams' own logging stores do. Local writes skip RocksDB's
 * write-ahead log and are flushed when Streams flushes the store before a checkpoint, as Streams' own RocksDB stores
 * are; after a crash under exactly-once Streams wipes the task's state and restores it from the changelog.
 */
final class DedupStore implements PreCommitStore {

    /** Upper bound of one changelog record's entries (well under the 1 MB default record size limit). */
    static final int CHUNK_BYTES = 64 * 1024;
    /** Buckets kept besides the newest: the window store this replaces kept two horizons behind stream time. */
    private static final int OLDER_BUCKETS_KEPT = 2;

    private final String name;
    private final long horizonMs;
    private ChangelogWriter changelog;
    private Options options;
    private WriteOptions writeOptions;
    private RocksDB db;
    private long newestBucket = Long.MIN_VALUE;
    private byte[] chunk = new byte[CHUNK_BYTES + 1024];
    private int chunkLength;
    private long chunkFirstOffset = -1;

    private DedupStore(String name, long horizonMs) {
        this.name = name;
        this.horizonMs = horizonMs;
    }

    /** A store of this kind named {@code name}, remembering keys for {@code horizon} of record time. */
    static StoreBuilder<DedupStore> builder(String name, Duration horizon) {
        // Chunks are never updated, so compaction would keep them all; they are deleted by age instead, once no
        // bucket the store keeps can hold their keys (plus a day, as Streams gives windowed changelogs).
        long retention = (OLDER_BUCKETS_KEPT + 1) * horizon.toMillis() + Duration.ofDays(1).toMillis();
        Map<String, String> changelog = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention));
        return new FixedStoreBuilder<>(name, changelog, () -> new DedupStore(name, horizon.toMillis()));
    }

    /** Whether {@code key} was stored with a record time in {@code [from, to]}. */
    boolean contains(String key, long from, long to) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        try {
            for (long bucket = Math.floorDiv(from, horizonMs); bucket <= Math.floorDiv(to, horizonMs); bucket++) {
                byte[] stored = db.get(localKey(bucket, keyBytes));
                if (stored != null) {
                    long time = ByteBuffer.wrap(stored).getLong();
                    if (time >= from && time <= to) {
                        return true;
                    }
                }
            }
            return false;
        } catch (RocksDBException e) {
            throw new ProcessorStateException("Dedup store " + name + " could not be read", e);
        }
    }

    /**
     * Stores {@code key} at record time {@code time}, taken from the input record at {@code sourceOffset}; it reaches
     * the changelog with the commit that follows at the latest.
     */
    void put(String key, long time, long sourceOffset) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        if (!store(keyBytes, time)) {
            return;
        }
        if (chunkFirstOffset < 0) {
            chunkFirstOffset = sourceOffset;
        }
        int needed = AvroBinary.stringSize(keyBytes) + AvroBinary.longSize(time);
        if (chunkLength + needed > chunk.length) {
            chunk = Arrays.copyOf(chunk, Math.max(chunk.length * 2, chunkLength + needed));
        }
        chunkLength = AvroBinary.writeLong(time, chunk, AvroBinary.writeString(keyBytes, chunk, chunkLength));
        if (chunkLength >= CHUNK_BYTES) {
            logChunk();
        }
    }

    /** Every stored key with its record time, oldest bucket first. */
    void forEach(ObjLongConsumer<String> action) {
        try (RocksIterator entries = db.newIterator()) {
            for (entries.seekToFirst(); entries.isValid(); entries.next()) {
                byte[] key = entries.key();
                action.accept(new String(key, Long.BYTES, key.length - Long.BYTES, StandardCharsets.UTF_8),
                        ByteBuffer.wrap(entries.value()).getLong());
            }
        }
    }

    /** Stores the key locally; false if it is too old to keep (the window store this replaced refused it too). */
    private boolean store(byte[] keyBytes, long time) {
        long bucket = Math.floorDiv(time, horizonMs);
        try {
            if (newestBucket != Long.MIN_VALUE && bucket < newestBucket - OLDER_BUCKETS_KEPT) {
                return false;
            }
            if (bucket > newestBucket) {
                newestBucket = bucket;
                db.deleteRange(localKey(Long.MIN_VALUE, new byte[0]),
                        localKey(newestBucket - OLDER_BUCKETS_KEPT, new byte[0]));
            }
            db.put(writeOptions, localKey(bucket, keyBytes), ByteBuffer.allocate(Long.BYTES).putLong(time).array());
            return true;
        } catch (RocksDBException e) {
            throw new ProcessorStateException("Dedup store " + name + " could not be written", e);
        }
    }

    /** Bucket (big-endian, sign bit flipped so that byte order is numeric order), then the key. */
    private static byte[] localKey(long bucket, byte[] keyBytes) {
        return ByteBuffer.allocate(Long.BYTES + keyBytes.length).putLong(bucket ^ Long.MIN_VALUE).put(keyBytes)
                .array();
    }

    private void logChunk() {
        if (chunkLength == 0) {
            return;
        }
        byte[] key = ByteBuffer.allocate(Long.BYTES).putLong(chunkFirstOffset).array();
        changelog.write(key, Arrays.copyOf(chunk, chunkLength));
        resetChunk();
    }

    private void restore(Collection<KeyValue<byte[], byte[]>> records) {
        for (KeyValue<byte[], byte[]> record : records) {
            if (record.value != null) {
                readChunk(record.value, this::store);
            }
        }
    }

    /** Receives a changelog chunk's entries. */
    @FunctionalInterface
    interface ChunkEntry {
        void accept(byte[] key, long time);
    }

    /** Reads a changelog chunk: each entry is its key (Avro string: length, UTF-8) and record time (Avro long). */
    static void readChunk(byte[] chunk, ChunkEntry action) {
        ByteBuffer in = ByteBuffer.wrap(chunk);
        while (in.hasRemaining()) {
            byte[] key = new byte[Math.toIntExact(AvroBinary.readLong(in))];
            in.get(key);
            action.accept(key, AvroBinary.readLong(in));
        }
    }

    @Override
    public void beforeCommit() {
        logChunk();
    }

    @Override
    public void clearCache() {
        // Called when Streams recycles the store; a dirty close does not call it (init resets the chunk instead).
        resetChunk();
    }

    private void resetChunk() {
        chunkLength = 0;
        chunkFirstOffset = -1;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        this.changelog = ChangelogWriter.of(name, stateStoreContext);
        // A revived task re-uses this object after a dirty close: keys not yet logged belonged to the aborted
        // transaction, and the store is restored from the changelog anyway.
        resetChunk();
        newestBucket = Long.MIN_VALUE;
        File dir = new File(new File(stateStoreContext.stateDir(), "rocksdb"), name);
        try {
            Files.createDirectories(dir.toPath());
            RocksDB.loadLibrary();
            // Kafka Streams' own stores' memtable size; its rocksdb.config.setter does not reach this store.
            options = new Options().setCreateIfMissing(true).setWriteBufferSize(16 * 1024 * 1024L);
            writeOptions = new WriteOptions().setDisableWAL(true);
            db = RocksDB.open(options, dir.getAbsolutePath());
        } catch (IOException | RocksDBException e) {
            throw new ProcessorStateException("Dedup store " + name + " could not open " + dir, e);
        }
        try (RocksIterator last = db.newIterator()) {
            last.seekToLast();
            if (last.isValid()) {
                newestBucket = ByteBuffer.wrap(last.key()).getLong() ^ Long.MIN_VALUE;
            }
        }
        stateStoreContext.register(root, (BatchingStateRestoreCallback) this::restore);
    }

    @Override
    public void flush() {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush);
        } catch (RocksDBException e) {
            throw new ProcessorStateException("Dedup store " + name + " could not be flushed", e);
        }
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
            writeOptions.close();
            options.close();
            db = null;
        }
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public boolean isOpen() {
        return db != null;
    }
}
