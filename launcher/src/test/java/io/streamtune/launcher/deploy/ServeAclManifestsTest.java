package io.streamtune.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import io.streamtune.serving.ServeConfig;
import io.streamtune.serving.kafka.InferenceLoop;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * serve's KafkaUser holds what Kafka-native inference needs with serve's default settings (the configs of the topics
 * it provisions, its group, the transactional id of each instance, the promotions it follows) and no more; the
 * inference clients' user writes requests and reads answers only.
 */
class ServeAclManifestsTest {

    private static final Map<String, String> MINIMAL = Map.of(ServeConfig.CHECKPOINT_DIR_CONFIG, "/checkpoints",
            "schema.registry.url", "http://registry:8080/apis/ccompat/v7");

    @Test
    void shouldGrantServeItsInferenceTopicsGroupAndPerInstanceTransactionalIdsAndNothingMore() {
        List<AclBinding> acls = KafkaUserAcls.bindings(KafkaUserAcls.user("streamtune-serve"));
        for (TopicSpec<?> topic : InferenceLoop.TOPICS) {
            for (AclOperation operation : List.of(AclOperation.DESCRIBE, AclOperation.ALTER_CONFIGS)) {
                assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, topic.name(), operation))
                        .as("serve re-applies the configs of " + topic.name() + ": needs " + operation).isTrue();
            }
            assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, topic.name(), AclOperation.CREATE))
                    .as("the topic operator creates " + topic.name()).isFalse();
        }
        assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, Topics.INFERENCE_REQUESTS.name(),
                AclOperation.READ)).isTrue();
        assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, Topics.INFERENCE_REQUESTS.name(),
                AclOperation.WRITE)).as("serve never writes requests").isFalse();
        for (TopicSpec<?> output : List.of(Topics.INFERENCE_PREDICTIONS, Topics.INFERENCE_REQUESTS_DLQ)) {
            assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, output.name(), AclOperation.WRITE))
                    .as(output.name()).isTrue();
        }
        assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, Topics.PROMOTIONS.name(), AclOperation.READ))
                .as("follows the champions").isTrue();
        assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, Topics.PROMOTIONS.name(), AclOperation.WRITE))
                .as("never promotes").isFalse();

        ServeConfig defaults = new ServeConfig(MINIMAL);
        assertThat(KafkaUserAcls.allows(acls, ResourceType.GROUP, defaults.inferenceGroupId(), AclOperation.READ))
                .as("group " + defaults.inferenceGroupId()).isTrue();
        for (String instance : List.of("streamtune-serve-5d8f7-x2k4q", "serve-0")) {
            Map<String, String> withInstance = new HashMap<>(MINIMAL);
            withInstance.put(ServeConfig.INFERENCE_GROUP_INSTANCE_ID_CONFIG, instance);
            String transactionalId = new ServeConfig(withInstance).inferenceTransactionalId();
            assertThat(KafkaUserAcls.allows(acls, ResourceType.TRANSACTIONAL_ID, transactionalId, AclOperation.WRITE))
                    .as("transactional id " + transactionalId).isTrue();
        }
        assertThat(KafkaUserAcls.allows(acls, ResourceType.TRANSACTIONAL_ID, defaults.inferenceTransactionalId(),
                AclOperation.WRITE)).as("the random id of an instance without static membership").isTrue();
        assertThat(acls).as("nothing on the whole cluster or every topic")
                .noneMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER || b.pattern().name().equals("*"));
    }

    @Test
    void shouldLetInferenceClientsWriteRequestsAndReadAnswersOnly() {
        List<AclBinding> acls = KafkaUserAcls.bindings(KafkaUserAcls.user("streamtune-inference-client"));

        assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, Topics.INFERENCE_REQUESTS.name(),
                AclOperation.WRITE)).isTrue();
        for (TopicSpec<?> answers : List.of(Topics.INFERENCE_PREDICTIONS, Topics.INFERENCE_REQUESTS_DLQ)) {
            assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, answers.name(), AclOperation.READ))
                    .as(answers.name()).isTrue();
            assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, answers.name(), AclOperation.WRITE))
                    .as("only serve answers: " + answers.name()).isFalse();
        }
        assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, Topics.EXAMPLES.name(), AclOperation.WRITE))
                .isFalse();
    }
}
