package io.streamtune.model.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The DJL encoder built from the ONNX weights computes what ONNX Runtime computes from the same file. */
class BertEncoderEquivalenceIT {

    private static final List<String> SENTENCES = List.of(
            "Congratulations! You have won a FREE cruise, reply now to claim your prize.",
            "Hi Tom, the meeting moved to 3pm; can you bring the quarterly numbers?",
            "Kafka keeps the offsets of a consumer group in an internal compacted topic.",
            "short",
            "Ünïcödé, punctuation -- and numbers 12345 should tokenize the same way in both runtimes.");

    /** Every built-in base, loaded by reference: shape and heads are read from the files. */
    static Stream<Arguments> bases() {
        BertConfig sixLayers = new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f);
        BertConfig twelveLayers = new BertConfig(30522, 384, 12, 12, 1536, 512, 2, 1e-12f);
        return Stream.of(
                Arguments.of(BuiltinBase.ALL_MINILM_L6_V2, sixLayers),
                Arguments.of(BuiltinBase.BGE_SMALL_EN_V15, twelveLayers),
                Arguments.of(BuiltinBase.E5_SMALL_V2, twelveLayers));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bases")
    void shouldMatchOnnxRuntimeOnRealSentences(BuiltinBase builtin, BertConfig expectedShape) throws Exception {
        BaseModel base = BaseModels.load(BaseModelRef.parse(builtin.id()));
        String onnxResource = builtin.onnxResource();
        assertThat(base.config()).isEqualTo(expectedShape);
        ModelOptions options = new ModelOptions(128, 0f, "cpu", 1);
        try (TextClassifier classifier = TextClassifier.fromPretrained(base, LabelMap.of("a", "b"), options);
                NDManager manager = classifier.newManager()) {
            NDList inputs = classifier.encode(manager, SENTENCES);
            long[] shape = inputs.get(0).getShape().getShape();
            float[] djl = classifier.block().encoder()
                    .forward(new ParameterStore(manager, false), inputs, false).head().toFloatArray();
            float[] ort = runOnnxRuntime(onnxResource, inputs, shape);

            assertThat(djl).hasSameSizeAs(ort);
            long[] mask = inputs.get(1).toLongArray();
            int hidden = base.config().hiddenSize();
            double maxDiff = 0;
            double maxDiffRealTokens = 0;
            for (int i = 0; i < djl.length; i++) {
                double diff = Math.abs(djl[i] - ort[i]);
                maxDiff = Math.max(maxDiff, diff);
                if (mask[i / hidden] == 1) {
                    maxDiffRealTokens = Math.max(maxDiffRealTokens, diff);
                }
            }
            System.out.printf("%s encoder vs ONNX Runtime: %d sentences, %d tokens, max |diff| = %.3g (real tokens"
                    + " %.3g)%n", onnxResource, shape[0], shape[1], maxDiff, maxDiffRealTokens);
            assertThat(maxDiff).isLessThanOrEqualTo(1e-4);
        }
    }

    private static float[] runOnnxRuntime(String onnxResource, NDList inputs, long[] shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(BaseModel.readResource(onnxResource),
                new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> feeds = new HashMap<>();
            String[] names = {"input_ids", "attention_mask", "token_type_ids"};
            try {
                for (int i = 0; i < names.length; i++) {
                    if (session.getInputNames().contains(names[i])) {
                        feeds.put(names[i], OnnxTensor.createTensor(env,
                                LongBuffer.wrap(inputs.get(i).toLongArray()), shape));
                    }
                }
                assertThat(feeds.keySet()).as("ONNX inputs %s", session.getInputNames())
                        .containsAll(session.getInputNames());
                try (OrtSession.Result result = session.run(feeds)) {
                    OnnxTensor hidden = (OnnxTensor) result.get(0);
                    FloatBuffer values = hidden.getFloatBuffer();
                    float[] flat = new float[values.remaining()];
                    values.get(flat);
                    return flat;
                }
            } finally {
                feeds.values().forEach(OnnxTensor::close);
            }
        }
    }
}
