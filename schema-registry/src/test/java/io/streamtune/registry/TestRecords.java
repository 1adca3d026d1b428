package io.streamtune.registry;

import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.Split;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Realistic records for the tests: spam-filter examples as producers write them. */
final class TestRecords {

    private TestRecords() {
    }

    static LabeledExample example(String id, String text, String label) {
        return LabeledExample.newBuilder()
                .setId(id)
                .setTask("spam")
                .setText(text)
                .setFeatures(List.of(0.25, -1.5))
                .setLabel(label)
                .setSource("registry-it")
                .setEventTime(Instant.ofEpochMilli(1_764_000_000_123L))
                .setSplit(Split.TRAIN)
                .build();
    }

    /** A topic name no other test uses, so that each test has its own subjects in the shared registry. */
    static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
