package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskState;
import io.streamtune.tasks.TaskChange;
import io.streamtune.tasks.TaskSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveTasksTest {

    private static final TaskSpec TICKETS = TaskSpecs.of("support_tickets-v2", List.of("billing", "bug"),
            Instant.EPOCH).build();

    private final AtomicInteger lookups = new AtomicInteger();

    private LiveTasks tasksKnownAfter(int lookupsBeforeKnown, Duration wait) {
        return new LiveTasks(task -> lookups.incrementAndGet() > lookupsBeforeKnown ? Optional.of(TICKETS)
                : Optional.empty(), TestShards.tinySettingsDefaults(), wait);
    }

    @Test
    void shouldWaitForATaskTheCatalogLearnsOfAMomentLater() throws InterruptedException {
        LiveTasks tasks = tasksKnownAfter(3, Duration.ofSeconds(30));

        assertThat(tasks.awaitKnown("support_tickets-v2")).isTrue();
        assertThat(lookups).hasValue(4);
    }

    @Test
    void shouldGiveUpOnATaskThatNeverComesAndNotWaitForItAgain() throws InterruptedException {
        LiveTasks tasks = tasksKnownAfter(Integer.MAX_VALUE, Duration.ofMillis(250));

        assertThat(tasks.awaitKnown("fraud")).isFalse();
        int afterFirstWait = lookups.get();
        assertThat(afterFirstWait).isGreaterThan(1);
        assertThat(tasks.awaitKnown("fraud")).isFalse();
        assertThat(lookups).as("one look, no second wait").hasValue(afterFirstWait + 1);
    }

    @Test
    void shouldNotWaitForADeletedTaskButAgainOnceCreatedAnew() throws InterruptedException {
        LiveTasks tasks = tasksKnownAfter(Integer.MAX_VALUE, Duration.ofMinutes(5));
        tasks.onChange(new TaskChange("support_tickets-v2", TICKETS, null));

        assertThat(tasks.awaitKnown("support_tickets-v2")).isFalse();
        assertThat(lookups).hasValue(1);

        tasks.onChange(new TaskChange("support_tickets-v2", null, TICKETS));
        assertThat(tasks.drainChanges()).extracting(TaskChange::deleted).containsExactly(true, false);
        assertThat(tasks.drainChanges()).isEmpty();
    }

    @Test
    void shouldTrainOnlyAnActiveTask() {
        TaskSpec paused = TaskSpec.newBuilder(TICKETS).setState(TaskState.PAUSED).build();
        LiveTasks active = new LiveTasks(task -> Optional.of(TICKETS), TestShards.tinySettingsDefaults(),
                Duration.ZERO);
        LiveTasks pausedTasks = new LiveTasks(task -> Optional.of(paused), TestShards.tinySettingsDefaults(),
                Duration.ZERO);

        assertThat(active.activeSettings("support_tickets-v2")).hasValueSatisfying(settings ->
                assertThat(settings.labels().labels()).containsExactly("billing", "bug"));
        assertThat(pausedTasks.activeSettings("support_tickets-v2")).isEmpty();
        assertThat(pausedTasks.knows("support_tickets-v2")).isTrue();
    }
}
