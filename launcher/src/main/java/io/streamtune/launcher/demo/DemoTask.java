package io.streamtune.launcher.demo;

import io.streamtune.launcher.task.TaskEdits;
import io.streamtune.launcher.task.TaskOperations;
import io.streamtune.launcher.task.TaskTopics;
import io.streamtune.registry.SchemaRegistryConfig;
import io.streamtune.schemas.TaskSpecOutcome;
import io.streamtune.schemas.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;

/**
 * The demo's {@code spam} task, created on the tasks topic through {@link TaskOperations#create}, the code behind
 * {@code streamtune task create}; then waits until each service that follows the topic alone (not in
 * {@link PipelineSpec#STATIC_DEMO_TASK_SERVICES}) reports it applied it, so that no replayed example meets a service
 * that does not know the task yet.
 */
public final class DemoTask {

    /** The services that must know the task before examples flow: ingest validates them, the trainer trains. */
    static final List<String> SERVICES = List.of("ingest", "trainer");
    private static final Duration APPLY_TIMEOUT = Duration.ofMinutes(2);
    private static final long POLL_MS = 500;

    private DemoTask() {
    }

    /** The demo task's settings: its labels and base model; everything else is the services' default. */
    public static TaskEdits edits() {
        return new TaskEdits().set("labels", PipelineSpec.LABELS).set("baseModel", "all-MiniLM-L6-v2")
                .set("description", "SpamAssassin emails, replayed by ./streamtune demo");
    }

    /**
     * Creates the task unless the run folder's broker has it already; then waits until the services that follow the
     * topic alone applied it.
     */
    public static void create(PipelineSpec spec, Consumer<String> progress) throws InterruptedException {
        TaskTopics topics = topics(spec);
        try {
            createOrReuse(topics, progress);
            List<String> followers = SERVICES.stream()
                    .filter(service -> !PipelineSpec.STATIC_DEMO_TASK_SERVICES.contains(service)).toList();
            if (!followers.isEmpty()) {
                awaitApplied(topics, followers, progress);
            }
        } catch (KafkaException e) {
            throw new IllegalStateException("cannot create the demo's task " + PipelineSpec.TASK + ": " + e, e);
        }
    }

    /** Creates the task on {@code spec}'s broker unless it is there already. */
    public static void createOrReuse(PipelineSpec spec, Consumer<String> progress) {
        createOrReuse(topics(spec), progress);
    }

    private static void createOrReuse(TaskTopics topics, Consumer<String> progress) {
        Optional<TaskTopics.Version> existing = topics.spec(PipelineSpec.TASK);
        if (existing.isPresent()) {
            progress.accept("task " + PipelineSpec.TASK + " is on the tasks topic already (offset "
                    + existing.get().offset() + "): using it");
            return;
        }
        TaskOperations.Written written = new TaskOperations(topics, Clock.systemUTC(), "streamtune demo")
                .create(PipelineSpec.TASK, edits());
        progress.accept("task " + PipelineSpec.TASK + " created on the tasks topic (offset " + written.offset()
                + "), as './streamtune task create " + PipelineSpec.TASK + " --labels " + PipelineSpec.LABELS
                + " --base-model all-MiniLM-L6-v2' does");
    }

    private static TaskTopics topics(PipelineSpec spec) {
        return new TaskTopics(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers()),
                Map.of(SchemaRegistryConfig.URL_CONFIG, spec.registryUrl()));
    }

    private static void awaitApplied(TaskTopics topics, List<String> followers, Consumer<String> progress)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + APPLY_TIMEOUT.toMillis();
        while (true) {
            Map<String, TaskStatus> status = topics.statuses().getOrDefault(PipelineSpec.TASK, Map.of());
            List<String> waiting = followers.stream().filter(service -> status.get(service) == null
                    || status.get(service).getOutcome() != TaskSpecOutcome.APPLIED).toList();
            if (waiting.isEmpty()) {
                progress.accept("task " + PipelineSpec.TASK + " applied by " + String.join(" and ", followers));
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("task " + PipelineSpec.TASK + " not applied by " + waiting
                        + " within " + APPLY_TIMEOUT.toSeconds() + " s; their statuses: " + status.values());
            }
            Thread.sleep(POLL_MS);
        }
    }
}
