package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.common.kafka.TopicProvisioner;
import io.streamtune.common.kafka.Topics;
import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.checkpoint.CheckpointMetadata;
import io.streamtune.model.checkpoint.Checkpoints;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.FineTuner;
import io.streamtune.model.train.FitProgress;
import io.streamtune.registry.AvroRegistrySerde;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.registry.embedded.EmbeddedRegistry;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.serving.onnx.OnnxScorer;
import io.streamtune.testkit.KafkaBroker;
import io.streamtune.testkit.KafkaBrokerExtension;
import io.streamtune.testkit.KeywordTexts;
import io.streamtune.trainer.core.BaseModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code export} against a real broker and registry: the promoted checkpoint, opened in ONNX Runtime. */
@ExtendWith(KafkaBrokerExtension.class)
class ExportCommandIT {

    private static final String TASK = "spam";
    private static final String CHAMPION = TASK + "/000000000004-aaaa0001";
    private static final String CANDIDATE = TASK + "/000000000008-aaaa0002";
    private static final List<String> TEXTS = List.of("win a free prize now", "see you at the meeting",
            "cheap pills cheap pills click", "ok");

    @TempDir
    Path dir;

    @Test
    void shouldExportThePromotedCheckpointSoOnnxRuntimeScoresAsDjlAndExplainEveryRefusal(KafkaBroker broker)
            throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(checkpoints);
        CheckpointMetadata champion = saveTinyCheckpoint(store, CHAMPION, TASK);
        saveTinyCheckpoint(store, CANDIDATE, TASK);
        CheckpointMetadata other = saveTinyCheckpoint(store, "other/000000000001-aaaa0003", "other");
        try (EmbeddedRegistry registry = EmbeddedRegistry.builder(dir.resolve("registry")).build().start()) {
            try (Admin admin = broker.admin()) {
                new TopicProvisioner(admin, (short) 1).ensure(List.of(Topics.PROMOTIONS));
            }
            promote(broker, registry, TASK, champion.id(), champion.contentHash());
            promote(broker, registry, "other", other.id(), "00".repeat(32));
            List<String> common = List.of("--bootstrap-servers", broker.bootstrapServers(), "--registry-url",
                    registry.url(), "--checkpoint-dir", checkpoints.toString());
            Path out = dir.resolve("export");

            StreamtuneCommandTest.Run exported = export(common, "--task", TASK, "--out", out.toString());
            assertThat(exported.exitCode()).as(exported.err()).isZero();
            assertThat(exported.out()).contains("Exported spam version " + CHAMPION, champion.contentHash(),
                    "model.onnx");
            assertThat(Files.readString(out.resolve("model.json"))).contains(CHAMPION, champion.contentHash());
            assertOnnxRuntimeScoresAsDjl(out, store, CHAMPION);

            StreamtuneCommandTest.Run again = export(common, "--task", TASK, "--out", out.toString());
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).contains("output directory " + out + " is not empty (--force writes into it)");

            StreamtuneCommandTest.Run forced = export(common, "--task", TASK, "--version", CANDIDATE, "--out",
                    out.toString(), "--force");
            assertThat(forced.exitCode()).as(forced.err()).isZero();
            assertOnnxRuntimeScoresAsDjl(out, store, CANDIDATE);

            assertRefused(export(common, "--task", "nobody", "--out", dir.resolve("e1").toString()),
                    "task nobody has no champion");
            assertRefused(export(common, "--task", TASK, "--version", TASK + "/missing", "--out",
                    dir.resolve("e2").toString()), "checkpoint spam/missing of task spam is not in");
            assertRefused(export(common, "--task", TASK, "--version", "other/000000000001-aaaa0003", "--out",
                    dir.resolve("e3").toString()), "belongs to task other, not spam");
            assertRefused(export(common, "--task", "other", "--out", dir.resolve("e6").toString()),
                    "has content hash " + other.contentHash() + " but its promotion announced " + "00".repeat(32));
            assertRefused(export(common, "--task", TASK, "--format", "pmml", "--out", dir.resolve("e4").toString()),
                    "unsupported format pmml");

            corrupt(checkpoints.resolve(CANDIDATE).resolve(Checkpoints.PARAMETERS));
            assertRefused(export(common, "--task", TASK, "--version", CANDIDATE, "--out",
                    dir.resolve("e5").toString()), "file parameters.bin is corrupt");
        }
    }

    private static void assertRefused(StreamtuneCommandTest.Run run, String message) {
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.err()).contains("Cannot export", message);
    }

    private static void assertOnnxRuntimeScoresAsDjl(Path out, DirectoryCheckpointStore store, String version)
            throws IOException {
        List<float[]> expected;
        try (TextClassifier classifier = Checkpoints.loadClassifier(store, version, "cpu")) {
            expected = classifier.predictProbabilities(TEXTS, TEXTS.size());
        }
        try (OnnxScorer scorer = OnnxScorer.fromExport(out, 1)) {
            assertThat(scorer.labels()).containsExactly("ham", "spam");
            List<float[]> actual = scorer.probabilities(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                for (int c = 0; c < 2; c++) {
                    assertThat(actual.get(i)[c]).isCloseTo(expected.get(i)[c], within(1e-4f));
                }
            }
        }
    }

    /** A tiny classifier trained a few steps, saved as the trainer saves (the task in the metadata). */
    private static CheckpointMetadata saveTinyCheckpoint(DirectoryCheckpointStore store, String id, String task)
            throws IOException {
        Random random = new Random(id.hashCode());
        List<LabeledText> examples = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            KeywordTexts.Text text = KeywordTexts.DEFAULT.sentence(random);
            examples.add(new LabeledText(text.text(), text.label()));
        }
        try (TextClassifier classifier = BaseModelSpec.TINY.newClassifier(LabelMap.of("ham", "spam"),
                new ModelOptions(32, 0f, "cpu", 1));
                FineTuner tuner = new FineTuner(classifier, FineTuneConfig.builder().learningRate(1e-3)
                        .batchSize(16).epochs(1).patience(0).seed(1).build())) {
            tuner.fit(examples, List.of(), FitProgress.NONE);
            return Checkpoints.save(store, id, tuner, "tiny", Map.of("task", task));
        }
    }

    private static void promote(KafkaBroker broker, EmbeddedRegistry registry, String task, String version,
            String contentHash) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer());
                AvroRegistrySerde<PromotionEvent> promotions =
                        RegistrySerdes.specific(PromotionEvent.class, registry.clientConfig(), false)) {
            PromotionEvent event = PromotionEvent.newBuilder().setTask(task).setModelVersion(version)
                    .setLocation(version).setContentHash(contentHash).setPreviousVersion(null)
                    .setMetrics(null).setLineage(List.of()).setKind("PROMOTION").setReason("beat the base model")
                    .setPromotedAt(Instant.now()).build();
            producer.send(new ProducerRecord<>(Topics.PROMOTIONS.name(), task,
                    promotions.serializer().serialize(Topics.PROMOTIONS.name(), event))).get();
        }
    }

    private static void corrupt(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x55;
        Files.write(file, bytes);
    }

    private static StreamtuneCommandTest.Run export(List<String> common, String... args) {
        return StreamtuneCommandTest.run(Stream.concat(Stream.of("export"),
                Stream.concat(Arrays.stream(args), common.stream())).toArray(String[]::new));
    }
}
