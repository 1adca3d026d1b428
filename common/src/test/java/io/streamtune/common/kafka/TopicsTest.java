package io.streamtune.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldNameEveryTopicOnce() {
        assertThat(Topics.ALL).extracting(TopicSpec::name).doesNotHaveDuplicates().hasSize(14);
    }

    @Test
    void shouldCompactPromotionsSoTheNewestChampionPerTaskSurvives() {
        assertThat(Topics.PROMOTIONS.configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @Test
    void shouldLetShardsTopicAcceptTheLargestShard() {
        assertThat(Integer.parseInt(Topics.SHARDS.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)))
                .isGreaterThanOrEqualTo(Topics.MAX_SHARD_BYTES);
    }

    @Test
    void shouldBoundDeadLetterRetention() {
        assertThat(Topics.EXAMPLES_DLQ.configs()).containsKey(TopicConfig.RETENTION_MS_CONFIG);
        assertThat(Topics.SHARDS_DLQ.configs()).containsKey(TopicConfig.RETENTION_MS_CONFIG);
    }

    @Test
    void shouldLetInferenceDeadLettersCarryTheLargestRequestWhole() {
        assertThat(Topics.ALL).contains(Topics.INFERENCE_REQUESTS, Topics.INFERENCE_PREDICTIONS,
                Topics.INFERENCE_REQUESTS_DLQ);
        assertThat(RecordSizeLimits.maxMessageBytes(Topics.INFERENCE_REQUESTS_DLQ)
                - RecordSizeLimits.DEAD_LETTER_ENVELOPE_BYTES)
                .isGreaterThanOrEqualTo(RecordSizeLimits.maxMessageBytes(Topics.INFERENCE_REQUESTS));
    }

    @Test
    void shouldLetAPredictionEchoTheAttributesOfTheLargestRequest() {
        assertThat(RecordSizeLimits.maxMessageBytes(Topics.INFERENCE_PREDICTIONS))
                .isGreaterThan(RecordSizeLimits.maxMessageBytes(Topics.INFERENCE_REQUESTS));
    }

    @Test
    void shouldLetShardDeadLettersCarryAWholeShard() {
        assertThat(Integer.parseInt(Topics.SHARDS_DLQ.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)))
                .isGreaterThan(Topics.MAX_SHARD_BYTES);
    }
}
