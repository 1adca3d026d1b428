package io.streamtune.launcher.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.LabeledExample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleLinesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T16:00:00Z");

    @Test
    void shouldTurnEachLineIntoAnExampleOfTheTask() {
        ExampleLines.Parsed parsed = ExampleLines.parse(List.of(
                "{\"id\": \"t-1\", \"text\": \"charged twice\", \"label\": \"billing\"}",
                "",
                "{\"id\": \"t-2\", \"text\": \"app crashes\", \"label\": \"bug\", \"source\": \"helpdesk\", "
                        + "\"eventTime\": \"2026-12-01T08:00:00Z\"}",
                "{\"id\": \"t-3\", \"text\": \"other\", \"label\": \"other\", \"eventTime\": 1764950400000}"),
                "support_tickets-v2", NOW);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.examples()).extracting(LabeledExample::getId).containsExactly("t-1", "t-2", "t-3");
        assertThat(parsed.examples()).extracting(LabeledExample::getTask).containsOnly("support_tickets-v2");
        assertThat(parsed.examples()).extracting(LabeledExample::getEventTime).containsExactly(NOW,
                Instant.parse("2026-12-01T08:00:00Z"), Instant.ofEpochMilli(1764950400000L));
        assertThat(parsed.examples().get(1).getSource()).isEqualTo("helpdesk");
    }

    @Test
    void shouldReportEveryBadLineWithItsNumber() {
        ExampleLines.Parsed parsed = ExampleLines.parse(List.of(
                "{\"id\": \"t-1\", \"text\": \"ok\", \"label\": \"bug\"}",
                "not json",
                "{\"id\": \"t-3\", \"label\": \"bug\"}",
                "{\"id\": \"t-4\", \"text\": \"x\", \"label\": \"bug\", \"lable\": \"typo\"}",
                "{\"id\": 5, \"text\": \"x\", \"label\": \"bug\"}",
                "{\"id\": \"t-6\", \"text\": \"x\", \"label\": \"bug\", \"eventTime\": \"yesterday\"}",
                "[1, 2]"), "t", NOW);

        assertThat(parsed.problems()).containsExactly(
                "line 2: not a JSON object (Unrecognized token 'not': was expecting (JSON String, Number, Array, "
                        + "Object or token 'null', 'true' or 'false'))",
                "line 3: 'text' is missing or empty",
                "line 4: unknown field 'lable', expected [eventTime, id, label, source, text]",
                "line 5: 'id' must be a string",
                "line 6: 'eventTime' must be ISO-8601 (2026-12-05T10:00:00Z) or epoch milliseconds, was 'yesterday'",
                "line 7: expected a JSON object such as {\"id\": \"t-1\", \"text\": \"…\", \"label\": \"…\"}");
    }
}
