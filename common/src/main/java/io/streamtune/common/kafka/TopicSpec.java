package io.streamtune.common.kafka;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A pipeline topic: its name, the Avro type of its values, how many partitions it gets and the topic configs the
 * code relies on. Keys are always strings (see {@link #keyDescription()}).
 *
 * @param name            topic name
 * @param valueType       generated Avro class of record values
 * @param partitions      partitions created by the provisioner
 * @param configs         topic-level configs the code relies on
 * @param purpose         one-line description for documentation and {@code --help}
 * @param keyDescription  what the string key holds
 * @param <V>             value type
 */
public record TopicSpec<V extends SpecificRecord>(
        String name,
        Class<V> valueType,
        int partitions,
        Map<String, String> configs,
        String purpose,
        String keyDescription) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1 for topic " + name);
        }
        configs = Map.copyOf(configs);
    }
}
