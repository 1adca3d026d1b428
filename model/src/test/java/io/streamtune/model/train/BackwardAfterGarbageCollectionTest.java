package io.streamtune.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import io.streamtune.model.LabeledText;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TinyModels;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gradients must not depend on when the JVM's garbage collector runs. Autograd keeps some operands of the forward
 * pass for backward; if one of them lives in a Java direct buffer that nothing references any more, a collection
 * between forward and backward frees it and backward reads freed memory. This made training runs that should be
 * bit-identical (a resumed trainer and an uninterrupted one) differ now and then.
 */
class BackwardAfterGarbageCollectionTest {

    private static final List<LabeledText> BATCH = TinyModels.examples(8, 5);

    @Test
    void shouldBackpropagateTheSameGradientsWhenTheCollectorFreesDirectBuffersBetweenForwardAndBackward() {
        try (TextClassifier classifier = TinyModels.classifier(0f, 3);
                FineTuner tuner = new FineTuner(classifier, FineTuneConfig.builder().seed(7).build())) {
            Map<String, float[]> undisturbed = gradients(tuner, () -> { });
            Map<String, float[]> collected = gradients(tuner, BackwardAfterGarbageCollectionTest::freeUnreachable);

            assertThat(collected.keySet()).isEqualTo(undisturbed.keySet());
            assertThat(undisturbed.keySet().stream()
                    .filter(name -> !Arrays.equals(undisturbed.get(name), collected.get(name))))
                    .as("parameters whose gradients changed").isEmpty();
        }
    }

    /** One forward and backward pass on {@link #BATCH}; {@code betweenPasses} runs after forward. */
    private static Map<String, float[]> gradients(FineTuner tuner, Runnable betweenPasses) {
        TextClassifier classifier = tuner.classifier();
        long[] targets = BATCH.stream().mapToLong(example -> classifier.labels().indexOf(example.label())).toArray();
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager manager = classifier.newManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = classifier.logits(manager, BATCH.stream().map(LabeledText::text).toList(), true);
                NDArray loss = new SoftmaxCrossEntropyLoss().evaluate(new NDList(manager.create(targets)),
                        new NDList(logits));
                betweenPasses.run();
                collector.backward(loss);
            }
            tuner.trainableParameters().forEach((name, parameter) -> {
                NDArray gradient = parameter.getArray().getGradient();
                out.put(name, gradient.toFloatArray());
                gradient.subi(gradient);
            });
        }
        return out;
    }

    /**
     * Collects until the count of direct buffers stops falling: their cleaners have run and their memory is back
     * with the allocator, which overwrites the first bytes of a freed block with its own bookkeeping.
     */
    private static void freeUnreachable() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        long[] last = {Long.MAX_VALUE};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            long count = direct.getCount();
            boolean settled = count == last[0];
            last[0] = count;
            return settled;
        });
    }
}
