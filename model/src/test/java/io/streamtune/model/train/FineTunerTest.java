package io.streamtune.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.model.LabeledText;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TinyModels;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FineTunerTest {

    private static final List<LabeledText> TRAIN = TinyModels.examples(256, 1);
    private static final List<LabeledText> VALIDATION = TinyModels.examples(128, 2);

    private static FineTuneConfig.Builder fast() {
        return FineTuneConfig.builder().learningRate(1e-3).batchSize(16).epochs(3).warmupRatio(0.1).seed(7);
    }

    @Test
    void shouldTrainOnAThreadOtherThanTheOneThatLoadedTheEngine() throws Exception {
        try (TextClassifier classifier = TinyModels.classifier(0.1f, 3);
                FineTuner tuner = new FineTuner(classifier, fast().build())) {
            java.util.concurrent.atomic.AtomicReference<Object> outcome =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    outcome.set(tuner.trainOn(TRAIN.subList(0, 32)));
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            }, "service-thread");
            worker.start();
            worker.join();
            assertThat(outcome.get()).isInstanceOf(List.class).asList().hasSize(2);
        }
    }

    @Test
    void shouldLearnASeparableTaskInFullMode() {
        try (TextClassifier classifier = TinyModels.classifier(0.1f, 3);
                FineTuner tuner = new FineTuner(classifier, fast().build())) {
            Evaluation before = tuner.evaluate(VALIDATION);
            FitResult result = tuner.fit(TRAIN, VALIDATION, FitProgress.NONE);

            assertThat(result.steps()).isEqualTo(3 * 16);
            assertThat(result.bestValidation().macroF1()).isGreaterThan(0.95);
            assertThat(result.bestValidation().loss()).isLessThan(before.loss());
            assertThat(tuner.evaluate(VALIDATION).macroF1()).isEqualTo(result.bestValidation().macroF1());
        }
    }

    @Test
    void shouldKeepEncoderBitIdenticalInFeatureExtractionMode() {
        try (TextClassifier classifier = TinyModels.classifier(0.1f, 3);
                FineTuner tuner = new FineTuner(classifier,
                        fast().mode(TrainingMode.FEATURE_EXTRACTION).epochs(1).build())) {
            Map<String, float[]> before = TinyModels.values(classifier.parameters());
            tuner.trainOn(TRAIN.subList(0, 64));
            Map<String, float[]> after = TinyModels.values(classifier.parameters());

            assertThat(tuner.trainableParameters()).containsOnlyKeys("classifier.weight", "classifier.bias");
            before.forEach((name, value) -> {
                if (name.startsWith("classifier.")) {
                    assertThat(after.get(name)).as(name).isNotEqualTo(value);
                } else {
                    assertThat(after.get(name)).as(name).isEqualTo(value);
                }
            });
        }
    }

    @Test
    void shouldTrainOnlyTheLastLayersAndTheHeadInTopKMode() {
        try (TextClassifier classifier = TinyModels.classifier(0f, 3);
                FineTuner tuner = new FineTuner(classifier, fast().mode(TrainingMode.TOP_K).topK(1).build())) {
            Map<String, float[]> before = TinyModels.values(classifier.parameters());
            tuner.trainOn(TRAIN.subList(0, 32));
            Map<String, float[]> after = TinyModels.values(classifier.parameters());

            before.forEach((name, value) -> {
                boolean trained = name.startsWith("classifier.") || name.startsWith("encoder.layer.1.");
                assertThat(tuner.trainableParameters().containsKey(name)).as(name).isEqualTo(trained);
                assertThat(after.get(name)).as(name).matches(v -> Arrays.equals(v, value) != trained);
            });
        }
    }

    @Test
    void shouldReproduceTheSameParametersFromTheSameSeed() {
        Map<String, float[]> first = trainedValues();
        Map<String, float[]> second = trainedValues();
        first.forEach((name, value) -> assertThat(second.get(name)).as(name).isEqualTo(value));
    }

    private static Map<String, float[]> trainedValues() {
        try (TextClassifier classifier = TinyModels.classifier(0.1f, 5);
                FineTuner tuner = new FineTuner(classifier, fast().build())) {
            tuner.trainOn(TRAIN.subList(0, 48));
            return TinyModels.values(classifier.parameters());
        }
    }

    @Test
    void shouldClipTheGlobalGradientNorm() {
        try (TextClassifier classifier = TinyModels.classifier(0f, 3);
                FineTuner tuner = new FineTuner(classifier, fast().maxGradNorm(1e-3).build())) {
            StepResult step = tuner.trainStep(TRAIN.subList(0, 16));
            assertThat(step.gradNorm()).isGreaterThan(1e-3);
            assertThat(step.step()).isEqualTo(1);
            assertThat(tuner.step()).isEqualTo(1);
        }
    }

    @Test
    void shouldRejectAnUnknownLabelBeforeTouchingTheModel() {
        try (TextClassifier classifier = TinyModels.classifier(0f, 3);
                FineTuner tuner = new FineTuner(classifier, fast().build())) {
            assertThatThrownBy(() -> tuner.trainStep(List.of(new LabeledText("hello", "eggs"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown label 'eggs'");
            assertThat(tuner.step()).isZero();
        }
    }

    @Test
    void shouldStopEarlyWhenValidationStopsImproving() {
        // A learning rate of ~0 keeps the metric flat, so patience 1 stops after the second epoch.
        try (TextClassifier classifier = TinyModels.classifier(0f, 3);
                FineTuner tuner = new FineTuner(classifier,
                        fast().learningRate(1e-12).epochs(5).patience(1).metric(ValidationMetric.ACCURACY)
                                .build())) {
            FitResult result = tuner.fit(TRAIN.subList(0, 32), VALIDATION, FitProgress.NONE);
            assertThat(result.stoppedEarly()).isTrue();
            assertThat(result.epochs()).hasSize(2);
            assertThat(result.bestEpoch()).isEqualTo(1);
        }
    }

}
