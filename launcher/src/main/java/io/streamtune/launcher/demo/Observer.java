package io.streamtune.launcher.demo;

import io.streamtune.common.kafka.ConsumerLag;
import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.DeadLetter;
import io.streamtune.schemas.EvaluationEvent;
import io.streamtune.schemas.Metrics;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.ShardLineage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches a running pipeline the way ops would: scrapes each service's {@code /metrics}, reads the checkpoints,
 * evaluations and promotions topics as a subscriber ({@code read_committed}), and asks the broker for consumer
 * lag. Each {@link #poll} adds a {@link RunRecord.Sample}; new evaluations and promotions are reported as they
 * arrive. Used from one thread.
 */
public final class Observer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration LAG_EVERY = Duration.ofSeconds(5);

    private final PipelineSpec spec;
    private final Instant startedAt;
    private final Replay replay;
    private final Freshness freshness;
    private final Consumer<String> events;
    private final Admin admin;
    private final ConsumerLag lag;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<DeadLetter> deadLetterReader;
    private final Deserializer<CheckpointEvent> checkpointReader;
    private final Deserializer<EvaluationEvent> evaluationReader;
    private final Deserializer<PromotionEvent> promotionReader;

    private final List<RunRecord.Sample> samples = new ArrayList<>();
    private final List<RunRecord.EvaluationPoint> evaluations = new ArrayList<>();
    private final List<RunRecord.PromotionPoint> promotions = new ArrayList<>();
    private final Map<String, CheckpointEvent> checkpoints = new HashMap<>();
    private final Map<String, String> promotedLocations = new LinkedHashMap<>();
    private PromotionEvent champion;
    private Map<String, Long> lastLag = Map.of();
    private long lastLagAt;
    private PrometheusText lastIngest = PrometheusText.empty();

    public Observer(PipelineSpec spec, Instant startedAt, Replay replay, Freshness freshness, Consumer<String> events) {
        this.spec = spec;
        this.startedAt = startedAt;
        this.replay = replay;
        this.freshness = freshness;
        this.events = events;
        // Short timeouts: a slow answer only delays one sample, and the demo must never hang on a broker that went.
        this.admin = Admin.create(Map.of("bootstrap.servers", spec.bootstrapServers(),
                "default.api.timeout.ms", 5000, "request.timeout.ms", 3000));
        this.lag = new ConsumerLag(admin);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        Map<String, Object> registry = Map.of("schema.registry.url", spec.registryUrl());
        this.deadLetterReader = RegistrySerdes.specific(DeadLetter.class, registry, false).deserializer();
        this.checkpointReader = RegistrySerdes.specific(CheckpointEvent.class, registry, false).deserializer();
        this.evaluationReader = RegistrySerdes.specific(EvaluationEvent.class, registry, false).deserializer();
        this.promotionReader = RegistrySerdes.specific(PromotionEvent.class, registry, false).deserializer();
        List<TopicPartition> partitions = new ArrayList<>();
        for (var topic : List.of(Topics.EXAMPLES_DLQ, Topics.CHECKPOINTS, Topics.EVALUATIONS, Topics.PROMOTIONS)) {
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what is new and records a sample. */
    public RunRecord.Sample poll() {
        readTopics();
        lastIngest = scrape(spec.ports().ingestMetrics());
        PrometheusText trainer = scrape(spec.ports().trainerMetrics());
        if (System.currentTimeMillis() - lastLagAt >= LAG_EVERY.toMillis()) {
            lastLag = lagByGroup();
            lastLagAt = System.currentTimeMillis();
        }
        RunRecord.Sample sample = new RunRecord.Sample(secondsSinceStart(System.currentTimeMillis()),
                replay.sent(), accepted(), deadLettered(), duplicates(),
                lastIngest.count("streamtune_ingest_shards_emitted_total"),
                trainer.count("streamtune_trainer_examples_trained_total"),
                trainer.sum("streamtune_trainer_train_loss"),
                trainer.sum("streamtune_trainer_examples_per_second"), lastLag);
        samples.add(sample);
        return sample;
    }

    /** Examples the ingest service accepted, from its last scrape. */
    public long accepted() {
        return lastIngest.count("streamtune_ingest_examples_accepted_total");
    }

    /** Records the ingest service dead-lettered, from its last scrape. */
    public long deadLettered() {
        return lastIngest.count("streamtune_ingest_examples_dead_lettered_total");
    }

    /** Duplicates the ingest service dropped, from its last scrape. */
    public long duplicates() {
        return lastIngest.count("streamtune_ingest_examples_duplicates_total");
    }

    private void readTopics() {
        List<ConsumerRecord<String, byte[]>> evaluationRecords = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> promotionRecords = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            String topic = record.topic();
            if (topic.equals(Topics.EXAMPLES_DLQ.name())) {
                DeadLetter deadLetter = deadLetterReader.deserialize(topic, record.value());
                if (Topics.EXAMPLES.name().equals(deadLetter.getSourceTopic())) {
                    freshness.deadLettered(deadLetter.getSourcePartition(), deadLetter.getSourceOffset());
                }
            } else if (topic.equals(Topics.CHECKPOINTS.name())) {
                CheckpointEvent checkpoint = checkpointReader.deserialize(topic, record.value());
                checkpoints.put(checkpoint.getCheckpointId(), checkpoint);
            } else if (topic.equals(Topics.EVALUATIONS.name())) {
                evaluationRecords.add(record);
            } else {
                promotionRecords.add(record);
            }
        }
        // A checkpoint event is committed before its evaluation, and an evaluation with its promotion: handling
        // each kind after the one before it keeps the story in order even within one poll.
        evaluationRecords.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
        for (ConsumerRecord<String, byte[]> record : evaluationRecords) {
            evaluated(evaluationReader.deserialize(record.topic(), record.value()));
        }
        promotionRecords.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
        for (ConsumerRecord<String, byte[]> record : promotionRecords) {
            promoted(promotionReader.deserialize(record.topic(), record.value()));
        }
    }

    private void evaluated(EvaluationEvent evaluation) {
        CheckpointEvent checkpoint = checkpoints.get(evaluation.getCheckpointId());
        long evaluatedAt = evaluation.getEvaluatedAt().toEpochMilli();
        if (checkpoint != null) {
            for (ShardLineage shard : checkpoint.getShards()) {
                freshness.evaluated(shard.getSourceRanges(), evaluatedAt);
            }
        }
        // An evaluation refused before scoring (too few validation examples) carries empty metrics: no point.
        Metrics candidate = scored(evaluation.getCandidate());
        Metrics championMetrics = scored(evaluation.getChampion());
        RunRecord.EvaluationPoint point = new RunRecord.EvaluationPoint(secondsSinceStart(evaluatedAt),
                evaluation.getCheckpointId(), checkpoint == null ? 0 : checkpoint.getExamplesSeen(),
                candidate == null ? Double.NaN : candidate.getAccuracy(),
                candidate == null ? Double.NaN : candidate.getMacroF1(),
                championMetrics == null ? Double.NaN : championMetrics.getMacroF1(),
                evaluation.getPromoted(), evaluation.getReason());
        evaluations.add(point);
        events.accept(String.format("evaluated %s (%d examples seen): %s — %s", shortId(point.checkpointId()),
                point.examplesSeen(), point.promoted() ? "PROMOTED" : "kept champion", point.reason()));
    }

    private static Metrics scored(Metrics metrics) {
        return metrics == null || metrics.getExamples() == 0 ? null : metrics;
    }

    private void promoted(PromotionEvent promotion) {
        champion = promotion;
        promotedLocations.put(promotion.getModelVersion(), promotion.getLocation());
        Metrics metrics = promotion.getMetrics();
        promotions.add(new RunRecord.PromotionPoint(secondsSinceStart(promotion.getPromotedAt().toEpochMilli()),
                promotion.getModelVersion(), metrics == null ? Double.NaN : metrics.getAccuracy(),
                metrics == null ? Double.NaN : metrics.getMacroF1(), promotion.getKind()));
        events.accept(String.format("champion is now %s (%s%s)", shortId(promotion.getModelVersion()),
                promotion.getKind(), metrics == null ? ""
                        : String.format(", validation accuracy %.4f, macro-F1 %.4f", metrics.getAccuracy(),
                                metrics.getMacroF1())));
    }

    private static String shortId(String checkpointId) {
        int slash = checkpointId.lastIndexOf('/');
        return slash >= 0 ? checkpointId.substring(slash + 1) : checkpointId;
    }

    private Map<String, Long> lagByGroup() {
        Map<String, Long> result = new LinkedHashMap<>();
        try {
            Map<String, String> groups = spec.consumerGroups();
            Map<String, Long> byGroupId = new HashMap<>();
            for (ConsumerLag.PartitionLag partition : lag.lag(groups.values())) {
                byGroupId.merge(partition.group(), partition.lag(), Long::sum);
            }
            groups.forEach((name, groupId) -> result.put(name, byGroupId.getOrDefault(groupId, 0L)));
        } catch (RuntimeException e) {
            return lastLag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return lastLag;
        }
        return result;
    }

    private static PrometheusText scrape(int port) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? PrometheusText.parse(response.body()) : PrometheusText.empty();
        } catch (IOException e) {
            return PrometheusText.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PrometheusText.empty();
        }
    }

    private double secondsSinceStart(long epochMillis) {
        return (epochMillis - startedAt.toEpochMilli()) / 1000.0;
    }

    public List<RunRecord.Sample> samples() {
        return List.copyOf(samples);
    }

    public List<RunRecord.EvaluationPoint> evaluations() {
        return List.copyOf(evaluations);
    }

    public List<RunRecord.PromotionPoint> promotions() {
        return List.copyOf(promotions);
    }

    /** The newest promotion seen, if any. */
    public Optional<PromotionEvent> champion() {
        return Optional.ofNullable(champion);
    }

    /** Where each promoted version is in the checkpoint store, by version, in promotion order. */
    public Map<String, String> promotedLocations() {
        return new LinkedHashMap<>(promotedLocations);
    }

    /** Examples each checkpoint seen was trained on in total, by id. */
    public Map<String, Long> examplesSeen() {
        Map<String, Long> seen = new HashMap<>();
        checkpoints.forEach((id, checkpoint) -> seen.put(id, checkpoint.getExamplesSeen()));
        return seen;
    }

    /** Every checkpoint event seen, by id. */
    public Map<String, CheckpointEvent> checkpoints() {
        return Map.copyOf(checkpoints);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
        deadLetterReader.close();
        checkpointReader.close();
        evaluationReader.close();
        promotionReader.close();
    }
}
