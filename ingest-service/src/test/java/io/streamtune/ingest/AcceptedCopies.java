package io.streamtune.ingest;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.TrainingShard;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/** How many times each id reached a committed shard or {@code examples.validation}. */
final class AcceptedCopies {

    final Map<String, Integer> byId = new HashMap<>();
    private final Deserializer<LabeledExample> examples;
    private final Deserializer<TrainingShard> shards;

    AcceptedCopies(Map<String, Object> registryConfig) {
        examples = RegistrySerdes.specific(LabeledExample.class, registryConfig, false).deserializer();
        shards = RegistrySerdes.specific(TrainingShard.class, registryConfig, false).deserializer();
    }

    /** Counts the ids in {@code records} of the shards and validation topics. */
    void add(Iterable<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.topic().equals(Topics.SHARDS.name())) {
                shards.deserialize(record.topic(), record.value()).getExamples()
                        .forEach(example -> byId.merge(example.getId(), 1, Integer::sum));
            } else {
                byId.merge(examples.deserialize(record.topic(), record.value()).getId(), 1, Integer::sum);
            }
        }
    }

    /** All copies seen, of all ids. */
    int total() {
        return byId.values().stream().mapToInt(Integer::intValue).sum();
    }
}
