package io.streamtune.serving.kafka;

import static io.streamtune.serving.kafka.TestRequests.encode;
import static io.streamtune.serving.kafka.TestRequests.record;
import static io.streamtune.serving.kafka.TestRequests.request;
import static io.streamtune.serving.kafka.TestRequests.withSchemaId;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.common.kafka.DeadLetters;
import io.streamtune.common.kafka.RecordSizeLimits;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.InferencePrediction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InferenceBatchTest {

    private static final TopicPartition P0 = new TopicPartition(TestRequests.TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TestRequests.TOPIC, 1);
    private static final Duration CHAMPION_WAIT = Duration.ofMinutes(10);

    private final FakeChampions champions = new FakeChampions().load("spam", "ckpt-7").load("tickets", "ckpt-3");
    private Instant now = Instant.parse("2026-12-05T18:00:00Z");

    private InferenceBatch batch(int maxBatch) {
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new InferenceBatch(new RequestCheck(TestRequests.deserializer(), List.of("spam", "tickets"), 50),
                champions, maxBatch, CHAMPION_WAIT, new DeadLetters(RecordSizeLimits.MAX_DEAD_LETTER_BYTES), clock);
    }

    @Test
    void shouldAnswerEveryRequestWithItsChampionsLabelProbabilitiesAndVersion() {
        BatchOutcome outcome = batch(32).process(List.of(
                record(0, 10, request("r-1", "spam", "win a free cruise")),
                record(0, 11, request("r-2", "tickets", "the export crashes")),
                record(1, 4, request("r-3", "spam", "lunch at noon?"))));

        assertThat(outcome.deadLetters()).isEmpty();
        assertThat(outcome.predictions()).extracting(BatchOutcome.Keyed::key).containsExactlyInAnyOrder("r-1", "r-2",
                "r-3");
        InferencePrediction first = prediction(outcome, "r-1");
        assertThat(first.getTask()).isEqualTo("spam");
        assertThat(first.getLabel()).isEqualTo("spam");
        assertThat(first.getLabels()).containsExactly("ham", "spam");
        assertThat(first.getProbabilities()).containsEntry("spam", 0.9);
        assertThat(first.getModelVersion()).isEqualTo("ckpt-7");
        assertThat(first.getAttributes()).containsEntry("replyTo", "client-7");
        assertThat(first.getScoredAt()).isEqualTo(now);
        assertThat(prediction(outcome, "r-2").getModelVersion()).isEqualTo("ckpt-3");
        assertThat(prediction(outcome, "r-3").getLabel()).isEqualTo("ham");
        assertThat(outcome.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(12), P1, new OffsetAndMetadata(5)));
        assertThat(outcome.waiting()).isEmpty();
    }

    @Test
    void shouldCountLatencyFromRequestedAtOrElseTheRecordTimestamp() {
        var withRequestedAt = request("r-1", "spam", "hello");
        withRequestedAt.setRequestedAt(now.minusMillis(1500));
        ConsumerRecord<String, byte[]> timestamped = new ConsumerRecord<>(TestRequests.TOPIC, 0, 1,
                now.minusMillis(300).toEpochMilli(), TimestampType.CREATE_TIME, 0, 0,
                "r-2", encode(request("r-2", "spam", "hi")), new RecordHeaders(),
                Optional.empty());

        BatchOutcome outcome = batch(32).process(List.of(record(0, 0, withRequestedAt), timestamped));

        assertThat(prediction(outcome, "r-1").getLatencyMs()).isEqualTo(1500);
        assertThat(prediction(outcome, "r-1").getRequestedAt()).isEqualTo(now.minusMillis(1500));
        assertThat(prediction(outcome, "r-2").getLatencyMs()).isEqualTo(300);
    }

    @Test
    void shouldScoreAPollsRequestsPerTaskInModelCallsOfAtMostMaxBatch() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record(i % 2, i, request("s-" + i, "spam", "text " + i)));
        }
        records.add(record(0, 9, request("t-1", "tickets", "billing")));

        BatchOutcome outcome = batch(2).process(records);

        assertThat(outcome.predictions()).hasSize(6);
        assertThat(champions.calls()).extracting(c -> c.task() + ":" + c.texts().size())
                .containsExactly("spam:2", "spam:2", "spam:1", "tickets:1");
    }

    static Stream<Arguments> badRequests() {
        byte[] valid = encode(request("r-1", "spam", "hello"));
        return Stream.of(
                Arguments.of("a tombstone", null, InferenceReason.NO_VALUE),
                Arguments.of("an empty value", new byte[0], InferenceReason.NO_VALUE),
                Arguments.of("plain JSON", "{\"id\":\"r-1\"}".getBytes(StandardCharsets.UTF_8),
                        InferenceReason.UNKNOWN_MAGIC_BYTE),
                Arguments.of("a cut header", new byte[] {0, 0, 1}, InferenceReason.TRUNCATED_PAYLOAD),
                Arguments.of("an unknown schema id", withSchemaId(4242, new byte[] {2, 65}),
                        InferenceReason.UNKNOWN_SCHEMA_ID),
                Arguments.of("another record type", withSchemaId(TestRequests.OTHER_SCHEMA_ID, new byte[] {2, 65}),
                        InferenceReason.WRONG_SCHEMA),
                Arguments.of("a cut Avro body", Arrays.copyOf(valid, valid.length - 3),
                        InferenceReason.MALFORMED_AVRO),
                Arguments.of("a blank id", encode(request("  ", "spam", "hello")), InferenceReason.BLANK_ID),
                Arguments.of("a task not served", encode(request("r-1", "fraud", "hello")),
                        InferenceReason.UNKNOWN_TASK),
                Arguments.of("an empty text", encode(request("r-1", "spam", "")), InferenceReason.BLANK_TEXT),
                Arguments.of("invisible text", encode(request("r-1", "spam", " \u200B\u00A0\n")),
                        InferenceReason.BLANK_TEXT),
                Arguments.of("a text over 50 characters", encode(request("r-1", "spam", "x".repeat(51))),
                        InferenceReason.TEXT_TOO_LONG),
                Arguments.of("a text the model fails on", encode(request("r-1", "spam", FakeChampions.POISON)),
                        InferenceReason.SCORING_FAILED));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badRequests")
    void shouldDeadLetterEachBadRequestWithItsOwnReasonAndItsOriginalBytes(String what, byte[] value,
            InferenceReason reason) {
        BatchOutcome outcome = batch(32).process(List.of(record(1, 7, "key-7", value)));

        assertThat(outcome.predictions()).isEmpty();
        assertThat(outcome.deadLetters()).singleElement().satisfies(keyed -> {
            DeadLetter letter = keyed.value();
            assertThat(keyed.key()).isEqualTo("key-7");
            assertThat(letter.getReasonCode()).isEqualTo(reason.name());
            assertThat(letter.getReasonText()).isNotBlank();
            assertThat(letter.getSourceTopic()).isEqualTo(TestRequests.TOPIC);
            assertThat(letter.getSourcePartition()).isEqualTo(1);
            assertThat(letter.getSourceOffset()).isEqualTo(7);
            assertThat(letter.getOriginalValue() == null ? null : letter.getOriginalValue().array())
                    .isEqualTo(value);
        });
        assertThat(outcome.offsets()).isEqualTo(Map.of(P1, new OffsetAndMetadata(8)));
    }

    @Test
    void shouldAnswerTheOtherTextsOfABatchWhenTheModelFailsOnOne() {
        BatchOutcome outcome = batch(32).process(List.of(
                record(0, 0, request("r-1", "spam", "fine")),
                record(0, 1, request("r-2", "spam", "bad " + FakeChampions.POISON)),
                record(0, 2, request("r-3", "spam", "free money"))));

        assertThat(outcome.predictions()).extracting(BatchOutcome.Keyed::key).containsExactly("r-1", "r-3");
        assertThat(outcome.deadLetters()).extracting(d -> d.value().getReasonCode())
                .containsExactly(InferenceReason.SCORING_FAILED.name());
        assertThat(outcome.offsets()).containsEntry(P0, new OffsetAndMetadata(3));
    }

    @Test
    void shouldStopAPartitionAtARequestWhoseTaskHasNoChampionYetAndGoOnWithTheOthers() {
        champions.unload("tickets");

        BatchOutcome outcome = batch(32).process(List.of(
                record(0, 20, request("r-1", "spam", "hello")),
                record(0, 21, request("r-2", "tickets", "refund please")),
                record(0, 22, request("r-3", "spam", "after the waiting one")),
                record(1, 5, request("r-4", "spam", "other partition"))));

        assertThat(outcome.predictions()).extracting(BatchOutcome.Keyed::key).containsExactlyInAnyOrder("r-1", "r-4");
        assertThat(outcome.deadLetters()).isEmpty();
        assertThat(outcome.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(21), P1, new OffsetAndMetadata(6)));
        assertThat(outcome.waiting()).containsOnlyKeys(P0);
        assertThat(outcome.waiting().get(P0).offset()).isEqualTo(21);
        assertThat(outcome.waiting().get(P0).why()).contains("tickets");
    }

    @Test
    void shouldAnswerAWaitingRequestOnceItsChampionIsLoaded() {
        champions.unload("tickets");
        InferenceBatch batch = batch(32);
        List<ConsumerRecord<String, byte[]>> again = List.of(record(0, 21, request("r-2", "tickets", "refund")));
        assertThat(batch.process(again).waiting()).containsOnlyKeys(P0);

        champions.load("tickets", "ckpt-4");
        now = now.plusSeconds(30);
        BatchOutcome outcome = batch.process(again);

        assertThat(outcome.waiting()).isEmpty();
        assertThat(prediction(outcome, "r-2").getModelVersion()).isEqualTo("ckpt-4");
    }

    @Test
    void shouldDeadLetterAsNoChampionOnceTheRequestWaitedLongerThanTheChampionWait() {
        champions.unload("tickets");
        InferenceBatch batch = batch(32);
        List<ConsumerRecord<String, byte[]>> again = List.of(record(0, 21, request("r-2", "tickets", "refund")));
        batch.process(again);
        now = now.plus(CHAMPION_WAIT).minusSeconds(1);
        assertThat(batch.process(again).deadLetters()).as("still within the wait").isEmpty();

        now = now.plusSeconds(1);
        BatchOutcome outcome = batch.process(again);

        assertThat(outcome.waiting()).isEmpty();
        assertThat(outcome.deadLetters()).singleElement()
                .satisfies(d -> assertThat(d.value().getReasonCode()).isEqualTo(InferenceReason.NO_CHAMPION.name()));
        assertThat(outcome.offsets()).containsEntry(P0, new OffsetAndMetadata(22));
    }

    @Test
    void shouldWaitInsteadOfDeadLetteringWhenTheRegistryDoesNotAnswer() {
        BatchOutcome outcome = batch(32).process(List.of(
                record(0, 3, "k", withSchemaId(TestRequests.REGISTRY_DOWN_ID, new byte[] {2, 65})),
                record(0, 4, request("r-5", "spam", "behind it"))));

        assertThat(outcome.isEmpty()).isTrue();
        assertThat(outcome.waiting().get(P0).offset()).isEqualTo(3);
        assertThat(champions.calls()).as("nothing behind the waiting request is scored").isEmpty();
    }

    @Test
    void shouldHandleEveryRequestOnceAsAPredictionOrADeadLetter() {
        List<ConsumerRecord<String, byte[]>> records = List.of(
                record(0, 0, request("r-1", "spam", "a")),
                record(0, 1, "k", null),
                record(1, 0, request("r-2", "fraud", "b")),
                record(1, 1, request("r-3", "tickets", "c")),
                record(2, 0, request("r-4", "spam", FakeChampions.POISON)));

        BatchOutcome outcome = batch(32).process(records);

        assertThat(outcome.predictions().size() + outcome.deadLetters().size()).isEqualTo(records.size());
        long committed = outcome.offsets().values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        assertThat(committed).as("every partition committed past its last request").isEqualTo(2 + 2 + 1);
    }

    private static InferencePrediction prediction(BatchOutcome outcome, String id) {
        return outcome.predictions().stream().filter(p -> p.key().equals(id)).findFirst().orElseThrow().value();
    }
}
