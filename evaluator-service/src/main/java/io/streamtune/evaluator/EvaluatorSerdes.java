package io.streamtune.evaluator;

import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.DriftEvent;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.PromotionEvent;
import java.util.List;
import java.util.Map;

/** The registry serdes of every record type the evaluator reads or writes, closed together. */
record EvaluatorSerdes(AvroRegistrySerde<CheckpointEvent> checkpoints, AvroRegistrySerde<LabeledExample> examples,
        AvroRegistrySerde<EvaluationEvent> evaluations, AvroRegistrySerde<PromotionEvent> promotions,
        AvroRegistrySerde<DriftEvent> drift) implements AutoCloseable {

    /** Value serdes configured from the registry settings in {@code registryConfig}. */
    static EvaluatorSerdes of(Map<String, Object> registryConfig) {
        return new EvaluatorSerdes(RegistrySerdes.specific(CheckpointEvent.class, registryConfig, false),
                RegistrySerdes.specific(LabeledExample.class, registryConfig, false),
                RegistrySerdes.specific(EvaluationEvent.class, registryConfig, false),
                RegistrySerdes.specific(PromotionEvent.class, registryConfig, false),
                RegistrySerdes.specific(DriftEvent.class, registryConfig, false));
    }

    @Override
    public void close() {
        List.of(checkpoints, examples, evaluations, promotions, drift).forEach(AvroRegistrySerde::close);
    }
}
