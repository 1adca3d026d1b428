package io.streamtune.ingest;

import io.streamtune.schemas.TrainingShard;

/**
 * A closed shard whose examples are already in Avro binary: {@link ShardSerializer} writes the examples' bytes as
 * they are instead of encoding every example again.
 *
 * @param shell    the shard with every field but its examples, which is an empty list
 * @param count    how many examples {@code examples} holds
 * @param examples the examples' {@code ShardExample} Avro binary encodings, concatenated in shard order
 */
record EncodedShard(TrainingShard shell, int count, byte[] examples) {

    EncodedShard {
        if (!shell.getExamples().isEmpty()) {
            throw new IllegalArgumentException("the shell of an encoded shard carries no examples itself");
        }
        if (count < 0 || (count == 0) != (examples.length == 0)) {
            throw new IllegalArgumentException(count + " examples in " + examples.length + " bytes");
        }
    }
}
