package io.streamtune.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.schemas.TaskSpec;
import io.streamtune.schemas.TaskSpecOutcome;
import io.streamtune.schemas.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskSpecLedgerTest {

    private static final Instant NOW = Instant.parse("2026-12-05T15:00:00Z");

    private static TaskSpec spec(String name, String... labels) {
        return TaskSpecs.of(name, List.of(labels), NOW).build();
    }

    @Test
    void shouldApplyANewTaskAndReportItAsCreated() {
        TaskSpecLedger ledger = new TaskSpecLedger(TaskSpecCheck.NONE, Map.of());

        TaskSpecLedger.Decision decision = ledger.apply("tickets", 3, spec("tickets", "billing", "bug"), null)
                .orElseThrow();

        assertThat(decision.outcome()).isEqualTo(TaskSpecOutcome.APPLIED);
        assertThat(decision.appliedOffset()).isEqualTo(3);
        assertThat(decision.change()).hasValueSatisfying(change -> assertThat(change.created()).isTrue());
        assertThat(ledger.view()).containsOnlyKeys("tickets");
    }

    @Test
    void shouldKeepThePreviousVersionWhenANewOneChangesTheLabels() {
        TaskSpecLedger ledger = new TaskSpecLedger(TaskSpecCheck.NONE, Map.of());
        TaskSpec first = spec("tickets", "billing", "bug");
        ledger.apply("tickets", 0, first, null);

        TaskSpecLedger.Decision decision = ledger.apply("tickets", 1, spec("tickets", "billing", "bug", "other"), null)
                .orElseThrow();

        assertThat(decision.outcome()).isEqualTo(TaskSpecOutcome.REJECTED);
        assertThat(decision.reason()).contains("labels cannot change in place");
        assertThat(decision.appliedOffset()).isZero();
        assertThat(decision.change()).isEmpty();
        assertThat(ledger.view()).containsEntry("tickets", first);
    }

    @Test
    void shouldRejectWhatTheServiceCannotHonourAndIgnoreTheTask() {
        TaskSpecCheck knownBases = spec -> "nope".equals(spec.getBaseModel())
                ? List.of("baseModel: unknown base model 'nope'") : List.of();
        TaskSpecLedger ledger = new TaskSpecLedger(knownBases, Map.of());

        TaskSpecLedger.Decision decision = ledger.apply("t", 0, TaskSpecs.of("t", List.of("a", "b"), NOW)
                .setBaseModel("nope").build(), null).orElseThrow();

        assertThat(decision.outcome()).isEqualTo(TaskSpecOutcome.REJECTED);
        assertThat(decision.reason()).contains("unknown base model 'nope'");
        assertThat(decision.appliedOffset()).isEqualTo(-1);
        assertThat(ledger.view()).isEmpty();
    }

    @Test
    void shouldRejectASpecWhoseNameDiffersFromItsKey() {
        TaskSpecLedger ledger = new TaskSpecLedger(TaskSpecCheck.NONE, Map.of());

        assertThat(ledger.apply("a", 0, spec("b", "x", "y"), null)).hasValueSatisfying(decision ->
                assertThat(decision.reason()).contains("differs from the record key 'a'"));
        assertThat(ledger.view()).isEmpty();
    }

    @Test
    void shouldRejectAnUndecodableVersionAndKeepTheTask() {
        TaskSpecLedger ledger = new TaskSpecLedger(TaskSpecCheck.NONE, Map.of());
        ledger.apply("t", 0, spec("t", "a", "b"), null);

        assertThat(ledger.apply("t", 1, null, "Unknown magic byte")).hasValueSatisfying(decision -> {
            assertThat(decision.outcome()).isEqualTo(TaskSpecOutcome.REJECTED);
            assertThat(decision.reason()).isEqualTo("undecodable spec: Unknown magic byte");
        });
        assertThat(ledger.view()).containsOnlyKeys("t");
    }

    @Test
    void shouldDeleteATaskOnATombstoneAndIgnoreATombstoneOfAnUnknownTask() {
        TaskSpecLedger ledger = new TaskSpecLedger(TaskSpecCheck.NONE, Map.of());
        ledger.apply("t", 0, spec("t", "a", "b"), null);

        assertThat(ledger.apply("never-seen", 1, null, null)).isEmpty();
        assertThat(ledger.apply("t", 2, null, null)).hasValueSatisfying(decision -> {
            assertThat(decision.outcome()).isEqualTo(TaskSpecOutcome.DELETED);
            assertThat(decision.change()).hasValueSatisfying(change -> assertThat(change.deleted()).isTrue());
        });
        assertThat(ledger.view()).isEmpty();
    }

    @Test
    void shouldLetARecreatedTaskHaveOtherLabels() {
        TaskSpecLedger ledger = new TaskSpecLedger(TaskSpecCheck.NONE, Map.of());
        ledger.apply("t", 0, spec("t", "a", "b"), null);
        ledger.apply("t", 1, null, null);

        assertThat(ledger.apply("t", 2, spec("t", "x", "y", "z"), null)).hasValueSatisfying(decision ->
                assertThat(decision.change()).hasValueSatisfying(change -> assertThat(change.created()).isTrue()));
    }

    @Test
    void shouldApplyAPauseAsAChange() {
        TaskSpecLedger ledger = new TaskSpecLedger(TaskSpecCheck.NONE, Map.of());
        ledger.apply("t", 0, spec("t", "a", "b"), null);

        TaskSpec paused = TaskSpecs.of("t", List.of("a", "b"), NOW).setState(TaskState.PAUSED).build();

        assertThat(ledger.apply("t", 1, paused, null)).hasValueSatisfying(decision ->
                assertThat(decision.change()).hasValueSatisfying(change -> {
                    assertThat(change.previous().getState()).isEqualTo(TaskState.ACTIVE);
                    assertThat(change.current().getState()).isEqualTo(TaskState.PAUSED);
                }));
    }

    @Test
    void shouldLetStaticConfigPinATaskAgainstTheTopic() {
        TaskSpec pinned = spec("spam", "ham", "spam");
        TaskSpecLedger ledger = new TaskSpecLedger(TaskSpecCheck.NONE, Map.of("spam", pinned));

        assertThat(ledger.apply("spam", 0, spec("spam", "ham", "spam", "phishing"), null))
                .hasValueSatisfying(decision -> {
                    assertThat(decision.outcome()).isEqualTo(TaskSpecOutcome.REJECTED);
                    assertThat(decision.reason()).contains("static configuration");
                    assertThat(decision.appliedOffset()).isEqualTo(TaskSpecLedger.PINNED);
                });
        assertThat(ledger.apply("spam", 1, null, null)).isPresent();
        assertThat(ledger.view()).containsEntry("spam", pinned);
    }
}
