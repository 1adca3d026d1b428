package io.streamtune.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import io.streamtune.model.TextClassifier;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes a {@link TextClassifier}. Two ways in: {@link #trainOn} for a stream (a shard at a time, the
 * global step carried across calls and checkpoints) and {@link #fit} for an offline multi-epoch run with early
 * stopping.
 *
 * <p>Determinism: every step reseeds the engine from {@code (seed, step)} before its forward pass, so dropout
 * masks depend only on the step number, and a run resumed from a checkpoint takes the same steps as one that
 * never stopped. Shuffling in {@link #fit} is seeded by {@code (seed, epoch)}.
 */
public final class FineTuner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FineTuner.class);
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

    private final TextClassifier classifier;
    private final FineTuneConfig config;
    private final Map<String, Parameter> trainable;
    private final AdamW optimizer;
    private final SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss("cross-entropy");
    private long scheduleTotalSteps;
    private long warmupSteps;

    public FineTuner(TextClassifier classifier, FineTuneConfig config) {
        this.classifier = classifier;
        this.config = config;
        this.trainable = Collections.unmodifiableMap(selectTrainable(classifier, config));
        classifier.parameters().forEach((name, parameter) -> parameter.freeze(!trainable.containsKey(name)));
        this.optimizer = new AdamW(classifier.newManager(), config);
        this.scheduleTotalSteps = config.totalSteps();
        this.warmupSteps = config.warmupFor(config.totalSteps());
        LOG.info("Fine-tuning {} of {} parameter tensors ({} mode) on {}", trainable.size(),
                classifier.parameters().size(), config.mode(), classifier.device());
    }

    private static Map<String, Parameter> selectTrainable(TextClassifier classifier, FineTuneConfig config) {
        int layers = classifier.config().numLayers();
        if (config.mode() == TrainingMode.TOP_K && config.topK() > layers) {
            throw new IllegalArgumentException("top-k " + config.topK() + " exceeds the encoder's " + layers
                    + " layers");
        }
        Map<String, Parameter> selected = new LinkedHashMap<>();
        classifier.parameters().forEach((name, parameter) -> {
            boolean head = name.startsWith("classifier.");
            Matcher layer = LAYER.matcher(name);
            boolean train = switch (config.mode()) {
                case FULL -> true;
                case FEATURE_EXTRACTION -> head;
                case TOP_K -> head || layer.find() && Integer.parseInt(layer.group(1)) >= layers - config.topK();
            };
            if (train) {
                selected.put(name, parameter);
            }
        });
        return selected;
    }

    public TextClassifier classifier() {
        return classifier;
    }

    public FineTuneConfig config() {
        return config;
    }

    /** The parameters this run updates, by name. */
    public Map<String, Parameter> trainableParameters() {
        return trainable;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    /** The global step: optimizer steps taken since the base model, across checkpoints. */
    public long step() {
        return optimizer.step();
    }

    /** Sets the span of the learning-rate decay (and the warmup derived from it) for the steps to come. */
    public void setScheduleTotalSteps(long totalSteps) {
        this.scheduleTotalSteps = totalSteps;
        this.warmupSteps = config.warmupFor(totalSteps);
    }

    public long scheduleTotalSteps() {
        return scheduleTotalSteps;
    }

    public double learningRate(long step) {
        return config.schedule().rate(config.learningRate(), step, warmupSteps, scheduleTotalSteps);
    }

    /** One optimizer step on one batch. */
    public StepResult trainStep(List<LabeledText> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a training batch needs at least one example");
        }
        LabelMap labels = classifier.labels();
        long[] targets = batch.stream().mapToLong(example -> labels.indexOf(example.label())).toArray();
        List<String> texts = batch.stream().map(LabeledText::text).toList();
        long next = optimizer.step() + 1;
        double rate = learningRate(next);
        Engine engine = Engine.getInstance();
        engine.setRandomSeed(stepSeed(next));
        try (NDScope scope = new NDScope(); NDManager manager = classifier.newManager()) {
            scope.suppressNotUsedWarning();
            NDArray lossValue;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray logits = classifier.logits(manager, texts, true);
                NDArray truth = manager.create(targets).toDevice(logits.getDevice(), false);
                lossValue = loss.evaluate(new NDList(truth), new NDList(logits));
                collector.backward(lossValue);
            }
            double gradNorm = optimizer.update(trainable, rate, config.maxGradNorm());
            if (!Double.isFinite(gradNorm)) {
                LOG.warn("Step {}: gradient norm is {}, update skipped ({} skipped so far)", optimizer.step(),
                        gradNorm, optimizer.skippedSteps());
            }
            return new StepResult(optimizer.step(), batch.size(), lossValue.getFloat(), rate, gradNorm);
        }
    }

    private int stepSeed(long step) {
        return (int) (config.seed() * 1_000_003L + step);
    }

    /** Trains on examples in order, one step per {@code batchSize} of them (the last batch may be smaller). */
    public List<StepResult> trainOn(List<LabeledText> examples) {
        List<StepResult> steps = new ArrayList<>();
        for (int start = 0; start < examples.size(); start += config.batchSize()) {
            steps.add(trainStep(examples.subList(start, Math.min(examples.size(), start + config.batchSize()))));
        }
        return steps;
    }

    /** Accuracy, macro-F1 and mean loss of the current parameters on {@code examples}. */
    public Evaluation evaluate(List<LabeledText> examples) {
        List<float[]> probabilities = classifier.predictProbabilities(
                examples.stream().map(LabeledText::text).toList(), config.evalBatchSize());
        return Evaluation.ofProbabilities(classifier.labels(), examples.stream().map(LabeledText::label).toList(),
                probabilities);
    }

    /**
     * Offline multi-epoch fine-tuning: shuffled epochs, validation after each, early stopping on
     * {@link FineTuneConfig#metric()}; the classifier ends with the best epoch's parameters.
     *
     * @param validation may be empty: then every epoch runs and the last one is kept
     */
    public FitResult fit(List<LabeledText> train, List<LabeledText> validation, FitProgress listener) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        long stepsPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        if (config.totalSteps() == 0) {
            setScheduleTotalSteps(optimizer.step() + stepsPerEpoch * config.epochs());
        }
        List<EpochResult> epochs = new ArrayList<>();
        ValidationMetric metric = config.metric();
        double best = metric.worst();
        int bestEpoch = 0;
        Evaluation bestValidation = null;
        Map<String, float[]> bestParameters = null;
        int epochsWithoutImprovement = 0;
        boolean stoppedEarly = false;
        long trainedExamples = 0;
        long trainingNanos = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            EpochPass pass = trainEpoch(train, epoch, stepsPerEpoch, listener);
            trainingNanos += pass.nanos();
            trainedExamples += pass.examples();
            Evaluation evaluation = validation.isEmpty() ? null : evaluate(validation);
            EpochResult result = new EpochResult(epoch, optimizer.step(), pass.meanLoss(), evaluation,
                    pass.examples() / (pass.nanos() / 1e9));
            epochs.add(result);
            listener.onEpoch(result);
            if (evaluation == null) {
                continue;
            }
            double value = metric.of(evaluation);
            if (metric.improves(value, best, config.minDelta())) {
                best = value;
                bestEpoch = epoch;
                bestValidation = evaluation;
                bestParameters = epoch == config.epochs() ? null : snapshot();
                epochsWithoutImprovement = 0;
            } else if (config.patience() > 0 && ++epochsWithoutImprovement >= config.patience()) {
                stoppedEarly = epoch < config.epochs();
                LOG.info("Early stop after epoch {}: no {} improvement for {} epochs (best {} at epoch {})", epoch,
                        metric, epochsWithoutImprovement, best, bestEpoch);
                break;
            }
        }
        if (bestValidation != null && bestEpoch != epochs.size() && bestParameters != null) {
            restore(bestParameters);
        }
        return new FitResult(epochs, bestEpoch, bestValidation, stoppedEarly, optimizer.step(),
                trainedExamples / (trainingNanos / 1e9));
    }

    /** One shuffled pass over the training examples: its mean loss, how many it trained on, how long it took. */
    private record EpochPass(double meanLoss, int examples, long nanos) {
    }

    private EpochPass trainEpoch(List<LabeledText> train, int epoch, long stepsPerEpoch, FitProgress listener) {
        List<LabeledText> order = new ArrayList<>(train);
        Collections.shuffle(order, new Random(config.seed() * 31L + epoch));
        long started = System.nanoTime();
        double lossSum = 0;
        long stepInEpoch = 0;
        for (int start = 0; start < order.size(); start += config.batchSize()) {
            StepResult step = trainStep(order.subList(start, Math.min(order.size(), start + config.batchSize())));
            lossSum += step.loss();
            listener.onStep(step, epoch, ++stepInEpoch, stepsPerEpoch);
        }
        return new EpochPass(lossSum / stepInEpoch, order.size(), System.nanoTime() - started);
    }

    private Map<String, float[]> snapshot() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        trainable.forEach((name, parameter) -> copy.put(name, parameter.getArray().toFloatArray()));
        return copy;
    }

    private void restore(Map<String, float[]> values) {
        values.forEach((name, data) -> trainable.get(name).getArray().set(FloatBuffer.wrap(data)));
    }

    /** Releases the optimizer state; the classifier stays open (its owner closes it). */
    @Override
    public void close() {
        optimizer.close();
    }
}
