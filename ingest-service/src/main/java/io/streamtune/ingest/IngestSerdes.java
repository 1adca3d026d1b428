package io.streamtune.ingest;

import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.TrainingShard;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value formats of the ingest topology, configured by the caller: the registry wire format in production,
 * plain Avro binary in unit tests. Keys are fixed (raw bytes in, task strings out).
 *
 * @param examples    decodes input values; must throw {@link SerializationException} for bytes that are not an
 *                    example (they are dead-lettered), anything else is treated as an infrastructure failure
 * @param validation  writes the validation split
 * @param deadLetters writes refused records
 * @param shards      writes training shards
 */
public record IngestSerdes(Deserializer<LabeledExample> examples, Serializer<LabeledExample> validation,
                           Serializer<DeadLetter> deadLetters, Serializer<TrainingShard> shards) {

    public IngestSerdes {
        Objects.requireNonNull(examples, "examples");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(shards, "shards");
    }
}
