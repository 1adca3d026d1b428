package io.streamtune.ingest;

import io.streamtune.schemas.TrainingShard;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes an {@link EncodedShard} exactly as {@code shards} would write the full {@link TrainingShard}, byte for
 * byte, without encoding its examples again: {@code shards} writes the shell (the shard with no examples), and the
 * examples' bytes are spliced into its empty examples array.
 *
 * <p>This relies on two facts of the Avro binary encoding. A record is its fields' encodings one after the other,
 * and the examples array comes third, after two strings (shard id and task). An array that Avro's Java encoder
 * writes in one block is the item count (zig-zag varint), the items, and a 0; an empty one is the 0 alone. So the
 * spliced record is the shell's bytes up to that 0, the count, the examples' bytes, and the rest of the shell's
 * bytes from the 0 on. Whatever {@code shards} writes before the Avro record (the registry's wire-format header) is
 * kept as it is: its length is the shell's length less the shell's plain Avro length.
 */
final class ShardSerializer implements Serializer<EncodedShard> {

    private final Serializer<TrainingShard> shards;
    private final AvroBinarySerde<TrainingShard> plain = new AvroBinarySerde<>(TrainingShard.class);

    /** @param shards writes a {@link TrainingShard}: Avro binary, after a header of any length */
    ShardSerializer(Serializer<TrainingShard> shards) {
        this.shards = shards;
    }

    @Override
    public byte[] serialize(String topic, EncodedShard shard) {
        return shard == null ? null : splice(shard, shards.serialize(topic, shard.shell()));
    }

    @Override
    public byte[] serialize(String topic, Headers headers, EncodedShard shard) {
        return shard == null ? null : splice(shard, shards.serialize(topic, headers, shard.shell()));
    }

    private byte[] splice(EncodedShard shard, byte[] shell) {
        if (shard.count() == 0) {
            return shell;
        }
        TrainingShard fields = shard.shell();
        int header = shell.length - plain.sizeOf(fields);
        int arrayEnd = header + AvroBinary.stringSize(fields.getShardId().getBytes(StandardCharsets.UTF_8))
                + AvroBinary.stringSize(fields.getTask().getBytes(StandardCharsets.UTF_8));
        if (header < 0 || arrayEnd >= shell.length || shell[arrayEnd] != 0) {
            throw new SerializationException("The shard serializer did not write the shell as Avro binary after a "
                    + "header: no empty examples array where one belongs");
        }
        byte[] examples = shard.examples();
        byte[] out = new byte[shell.length + AvroBinary.longSize(shard.count()) + examples.length];
        System.arraycopy(shell, 0, out, 0, arrayEnd);
        int at = AvroBinary.writeLong(shard.count(), out, arrayEnd);
        System.arraycopy(examples, 0, out, at, examples.length);
        System.arraycopy(shell, arrayEnd, out, at + examples.length, shell.length - arrayEnd);
        return out;
    }
}
