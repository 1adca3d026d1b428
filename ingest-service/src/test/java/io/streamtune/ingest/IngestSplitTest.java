package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.Split;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The validation split: a stable hash of the id, unless the example names its own split. Driven through the real
 * topology ({@link IngestTopologyFixture}).
 */
class IngestSplitTest extends IngestTopologyFixture {

    @Test
    void shouldSplitByIdHashTheSameWayInEveryRunAndOrder() {
        Map<String, String> fraction = Map.of("validation.fraction", "0.3", "shard.max.examples", "1000");
        List<String> ids = IntStream.range(0, 2000).mapToObj(i -> "example-" + i).toList();

        start(fraction);
        ids.forEach(id -> send(spam(id).build()));
        Set<String> firstRun = validationIds();
        start(fraction);
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        reversed.forEach(id -> send(spam(id).build()));
        Set<String> secondRun = validationIds();

        assertThat(secondRun).isEqualTo(firstRun);
        assertThat(firstRun.size() / (double) ids.size()).isBetween(0.27, 0.33);
        assertThat(count(IngestMetrics.ACCEPTED, "task", "spam", "split", "VALIDATION"))
                .isEqualTo(2.0 * firstRun.size());
    }

    private Set<String> validationIds() {
        Set<String> ids = new HashSet<>();
        validation.readValuesToList().forEach(example -> ids.add(example.getId()));
        return ids;
    }

    @Test
    void shouldLetExplicitSplitOverrideTheHash() {
        start(Map.of("task.spam.validation.fraction", "1.0", "task.digits.validation.fraction", "0.0",
                "shard.max.examples", "1"));
        send(spam("forced-train").setSplit(Split.TRAIN).build());
        send(digit("forced-validation", 1.0, 2.0, 3.0).setSplit(Split.VALIDATION).build());

        assertThat(validation.readKeyValue().value.getId()).isEqualTo("forced-validation");
        assertThat(shards.readValue().getExamples().get(0).getId()).isEqualTo("forced-train");
    }
}
