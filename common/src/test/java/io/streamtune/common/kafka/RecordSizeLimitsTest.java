package io.streamtune.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RecordSizeLimitsTest {

    @Test
    void shouldLetEveryTopicTakeTheLargestRecordWrittenToIt() {
        assertThat(RecordSizeLimits.maxMessageBytes(Topics.SHARDS)).isGreaterThanOrEqualTo(
                RecordSizeLimits.MAX_SHARD_EXAMPLES_BYTES + RecordSizeLimits.SHARD_ENVELOPE_BYTES);
        assertThat(RecordSizeLimits.maxMessageBytes(Topics.EXAMPLES_DLQ))
                .isGreaterThanOrEqualTo(RecordSizeLimits.MAX_DEAD_LETTER_BYTES);
        assertThat(RecordSizeLimits.maxMessageBytes(Topics.EXAMPLES_VALIDATION))
                .isGreaterThanOrEqualTo(RecordSizeLimits.MAX_DEAD_LETTER_BYTES);
        assertThat(RecordSizeLimits.maxMessageBytes(Topics.SHARDS_DLQ))
                .isGreaterThanOrEqualTo(RecordSizeLimits.MAX_SHARD_DEAD_LETTER_BYTES);
        assertThat(RecordSizeLimits.maxMessageBytes(Topics.EXAMPLES))
                .isEqualTo(RecordSizeLimits.MAX_EXAMPLE_RECORD_BYTES);
    }

    @Test
    void shouldKeepTheBrokerLimitAboveEveryTopicLimit() {
        for (TopicSpec<?> topic : Topics.ALL) {
            if (topic.configs().containsKey("max.message.bytes")) {
                assertThat(RecordSizeLimits.maxMessageBytes(topic)).as(topic.name())
                        .isLessThanOrEqualTo(RecordSizeLimits.BROKER_MESSAGE_MAX_BYTES);
            }
        }
    }

    @Test
    void shouldNameBothSettingsWhenAProducerCannotSendTheLargestRecord() {
        assertThatThrownBy(() -> RecordSizeLimits.requireProducerFits("streams.producer.max.request.size",
                Map.of("max.request.size", "1048576"), RecordSizeLimits.MAX_DEAD_LETTER_BYTES,
                "RecordSizeLimits.MAX_DEAD_LETTER_BYTES"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("streams.producer.max.request.size=1048576")
                .hasMessageContaining(
                        "RecordSizeLimits.MAX_DEAD_LETTER_BYTES=" + RecordSizeLimits.MAX_DEAD_LETTER_BYTES);
    }

    @Test
    void shouldTakeKafkasDefaultRequestSizeWhenNoneIsSet() {
        assertThatThrownBy(() -> RecordSizeLimits.requireProducerFits("max.request.size", Map.of(), 2_000_000,
                "x")).hasMessageContaining("max.request.size=1048576");
        RecordSizeLimits.requireProducerFits("max.request.size", Map.of(), 1_000_000, "x");
    }

    @Test
    void shouldNameTheTopicWhenItsLimitIsTooSmall() {
        assertThatThrownBy(() -> RecordSizeLimits.requireTopicFits(Topics.EXAMPLES_DLQ,
                RecordSizeLimits.MAX_DEAD_LETTER_BYTES + 1L, "the dead-letter bound"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("examples.dlq").hasMessageContaining("the dead-letter bound");
    }
}
