package io.streamtune.trainer.core;

import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.CheckpointStore;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.schemas.CheckpointEvent;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** What a task's owner must know of the checkpoints already in the store before it trains: which are its own. */
public final class TaskCheckpoints {

    private TaskCheckpoints() {}

    /**
     * Whether the checkpoint {@code event} announces belongs to the task {@code settings} describe: same labels,
     * same base model. A task deleted and created again under its name with other labels or another base model
     * must start from its base, not from the old task's checkpoints.
     */
    public static boolean descendsFrom(TaskSettings settings, CheckpointStore store, CheckpointEvent event)
            throws IOException {
        String id = CheckpointStore.requireRelativePath(event.getLocation());
        CheckpointMetadata metadata = Checkpoints.readMetadata(store, id);
        return metadata.labels().equals(settings.labels().labels())
                && settings.baseModel().id().equals(metadata.baseModel());
    }

    /**
     * Checkpoints of {@code task} in the store that no committed event announces: written by a trainer that
     * crashed (or was fenced) before its transaction committed. Only the task's owner may delete them, and only
     * before it writes its own.
     */
    public static List<String> orphans(CheckpointStore store, String task, Set<String> committedLocations)
            throws IOException {
        String prefix = task + "/";
        return store.list().stream().filter(id -> id.startsWith(prefix))
                .filter(id -> !committedLocations.contains(id)).toList();
    }
}
