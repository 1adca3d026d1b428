package io.streamtune.schemas;

import java.util.List;
import org.apache.avro.Schema;

/** The value schema of every Streamtune topic, in one list that tools and tests iterate over. */
public final class SchemaCatalog {

    /** Schemas written to a topic as record values; shared named types are reached through them. */
    public static final List<Schema> TOPIC_VALUE_SCHEMAS = List.of(
            LabeledExample.getClassSchema(),
            DeadLetter.getClassSchema(),
            TrainingShard.getClassSchema(),
            CheckpointEvent.getClassSchema(),
            EvaluationEvent.getClassSchema(),
            PromotionEvent.getClassSchema(),
            DriftEvent.getClassSchema(),
            TaskSpec.getClassSchema(),
            TaskStatus.getClassSchema(),
            InferenceRequest.getClassSchema(),
            InferencePrediction.getClassSchema());

    private SchemaCatalog() {
    }
}
