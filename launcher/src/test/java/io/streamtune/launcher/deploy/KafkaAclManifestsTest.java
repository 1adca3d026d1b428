package io.streamtune.launcher.deploy;

import static io.streamtune.launcher.deploy.DeployFixture.setting;
import static io.streamtune.launcher.deploy.DeployFixture.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.kafka.TopicSpec;
import io.streamtune.common.kafka.Topics;
import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.ingest.IngestConfig;
import io.streamtune.serving.ServeConfig;
import io.streamtune.trainer.TrainerConfig;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * Each service's KafkaUser is granted what the service needs (the configs of the topics it provisions, its group, its
 * transactional ids) and nothing cluster-wide.
 */
class KafkaAclManifestsTest {

    @Test
    void shouldGrantEachServiceWhatItProvisionsItsGroupAndItsTransactionalIds() {
        List<JsonNode> resources = Manifests.kustomize(Manifests.K8S_BASE);
        for (ServiceKind service : ServiceKind.values()) {
            JsonNode deployment = Manifests.find(resources, "Deployment", "streamtune-" + service.component());
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, String> raw = ServiceKind.rawConfig(values(Manifests.environment(container, resources)));
            List<AclBinding> acls = KafkaUserAcls.bindings(KafkaUserAcls.user("streamtune-" + service.component()));

            for (TopicSpec<?> topic : service.provisionedTopics()) {
                for (AclOperation operation : List.of(AclOperation.DESCRIBE, AclOperation.ALTER_CONFIGS)) {
                    assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, topic.name(), operation))
                            .as(service + " re-applies the configs of " + topic.name() + ": needs " + operation)
                            .isTrue();
                }
                assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, topic.name(), AclOperation.CREATE))
                        .as(service + " must not create " + topic.name() + ": the topic operator owns it").isFalse();
            }
            String group = switch (service) {
                case INGEST -> setting(service, raw, IngestConfig.APPLICATION_ID_CONFIG);
                case TRAINER -> setting(service, raw, TrainerConfig.GROUP_ID_CONFIG);
                case EVALUATOR -> setting(service, raw, EvaluatorConfig.GROUP_ID_CONFIG);
                case SERVE -> setting(service, raw, ServeConfig.INFERENCE_GROUP_ID_CONFIG);
            };
            String transactionalId = switch (service) {
                case INGEST -> group + "-" + UUID.randomUUID() + "-1";
                case TRAINER -> setting(service, raw, TrainerConfig.TRANSACTIONAL_ID_PREFIX_CONFIG) + "-spam";
                case EVALUATOR -> setting(service, raw, EvaluatorConfig.TRANSACTIONAL_ID_CONFIG);
                // The group id and the instance's static membership id, a pod name here.
                case SERVE -> group + "-streamtune-serve-5d8f9c7b6-x2k4q";
            };
            assertThat(KafkaUserAcls.allows(acls, ResourceType.GROUP, group, AclOperation.READ))
                    .as(service + " group " + group).isTrue();
            assertThat(KafkaUserAcls.allows(acls, ResourceType.TRANSACTIONAL_ID, transactionalId, AclOperation.WRITE))
                    .as(service + " transactional id " + transactionalId).isTrue();
            assertThat(acls).as(service + ": nothing on the whole cluster or every topic")
                    .noneMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER
                            || b.pattern().name().equals("*"));
        }
    }

    @Test
    void shouldLetEveryServiceFollowTheTaskSpecsAndReportOnThemAndTheOperatorWriteThem() {
        String tasks = Topics.TASKS.name();
        String status = Topics.TASK_STATUS.name();
        for (ServiceKind service : ServiceKind.values()) {
            if (!service.followsTaskSpecs()) {
                continue;
            }
            List<AclBinding> acls = KafkaUserAcls.bindings(KafkaUserAcls.user("streamtune-" + service.component()));
            assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, tasks, AclOperation.READ)).as(service + " reads "
                    + tasks).isTrue();
            assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, tasks, AclOperation.WRITE))
                    .as(service + " never writes a spec").isFalse();
            assertThat(KafkaUserAcls.allows(acls, ResourceType.TOPIC, status, AclOperation.WRITE))
                    .as(service + " reports on " + status).isTrue();
        }
        List<AclBinding> operator = KafkaUserAcls.bindings(KafkaUserAcls.user("streamtune-operator"));
        for (String topic : List.of(tasks, status, Topics.SHARDS.name(), Topics.EXAMPLES_VALIDATION.name(),
                Topics.CHECKPOINTS.name(), Topics.PROMOTIONS.name())) {
            assertThat(KafkaUserAcls.allows(operator, ResourceType.TOPIC, topic, AclOperation.READ))
                    .as("task list/describe read " + topic).isTrue();
        }
        assertThat(KafkaUserAcls.allows(operator, ResourceType.TOPIC, tasks, AclOperation.WRITE))
                .as("task create/update/pause/resume/delete").isTrue();
    }
}
