package io.streamtune.trainer;

import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.trainer.core.TaskSession;
import io.streamtune.trainer.kafka.OwnedTasks;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/** A task this trainer owns: its model in training, its transactional producer, and the partition it lives on. */
record OwnedTask(TaskSession session, Producer<String, CheckpointEvent> producer, TopicPartition partition)
        implements OwnedTasks.Owned {

    @Override
    public String task() {
        return session.task();
    }

    @Override
    public Long firstPendingOffset() {
        return session.firstPendingOffset();
    }
}
