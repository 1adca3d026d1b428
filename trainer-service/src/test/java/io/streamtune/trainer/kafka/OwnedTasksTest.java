package io.streamtune.trainer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OwnedTasksTest {

    private static final TopicPartition P0 = new TopicPartition("shards", 0);
    private static final TopicPartition P1 = new TopicPartition("shards", 1);

    private final OwnedTasks<Task> owned = new OwnedTasks<>();

    @Test
    void shouldCommitPastEveryHandledRecordWhenNoOtherTaskWaitsOnThePartition() {
        Task spam = new Task("spam", P0, 40L);
        owned.add(spam);
        owned.add(new Task("news", P1, 3L)); // pending, but on another partition
        owned.handled(P0, 40);
        owned.handled(P0, 41);

        assertThat(owned.safeToCommit(spam, null)).isEqualTo(42);
    }

    @Test
    void shouldNotCommitPastAShardAnotherTaskOnThePartitionHasNotCheckpointed() {
        Task spam = new Task("spam", P0, 40L);
        owned.add(spam);
        owned.add(new Task("news", P0, 17L));
        owned.add(new Task("idle", P0, null)); // nothing pending: no bound
        owned.handled(P0, 41);

        assertThat(owned.safeToCommit(spam, null)).isEqualTo(17);
    }

    @Test
    void shouldNotCommitPastARecordReadButNotHandledYet() {
        Task spam = new Task("spam", P0, null);
        owned.add(spam);
        owned.handled(P0, 44); // handled ahead of news's queued shard at 43 (round-robin between tasks)

        assertThat(owned.safeToCommit(spam, 43L)).isEqualTo(43);
    }

    @Test
    void shouldKeepThePartitionMarkWhenAnOlderRecordIsHandledLater() {
        Task spam = new Task("spam", P0, null);
        owned.add(spam);
        owned.handled(P0, 44);
        owned.handled(P0, 43);

        assertThat(owned.safeToCommit(spam, null)).isEqualTo(45);
    }

    @Test
    void shouldRefuseToComputeAnOffsetForAPartitionWithNothingHandled() {
        Task spam = new Task("spam", P0, null);
        owned.add(spam);
        owned.handled(P0, 5);
        owned.forget(P0);

        assertThatThrownBy(() -> owned.safeToCommit(spam, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("shards-0");
    }

    @Test
    void shouldListTheTasksOfThePartitionsAskedFor() {
        Task spam = new Task("spam", P0, null);
        Task news = new Task("news", P1, null);
        Task ads = new Task("ads", P0, null);
        owned.add(spam);
        owned.add(news);
        owned.add(ads);

        assertThat(owned.on(List.of(P0))).containsExactly(spam, ads);
        assertThat(owned.on(List.of(P0, P1))).containsExactly(spam, news, ads);
        assertThat(owned.all()).containsExactly(spam, news, ads);
    }

    @Test
    void shouldTellADroppedTaskFromItsSuccessorOfTheSameName() {
        Task first = new Task("spam", P0, null);
        owned.add(first);
        owned.remove(first);
        Task second = new Task("spam", P0, null);
        owned.add(second);
        owned.remove(first); // a late drop of the old instance must not drop its successor

        assertThat(owned.owns(first)).isFalse();
        assertThat(owned.owns(second)).isTrue();
        assertThat(owned.get("spam")).isSameAs(second);
    }

    @Test
    void shouldRefuseToTakeOverATaskTwice() {
        owned.add(new Task("spam", P0, null));

        assertThatThrownBy(() -> owned.add(new Task("spam", P1, null))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spam");
    }

    /** Equal by value: ownership must tell two such tasks apart by identity. */
    private record Task(String task, TopicPartition partition, Long firstPendingOffset) implements OwnedTasks.Owned {
    }
}
