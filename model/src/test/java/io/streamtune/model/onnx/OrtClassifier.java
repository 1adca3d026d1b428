package io.streamtune.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streamtune.model.TextTokenizer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An exported classifier opened in ONNX Runtime for Java, fed the classifier's own tokens: tests only. */
public final class OrtClassifier implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public OrtClassifier(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            session = environment.createSession(model, options);
        }
    }

    public OrtSession session() {
        return session;
    }

    /** The named output ({@code logits} or {@code probabilities}), one row per text. */
    public List<float[]> run(TextTokenizer.Tokens tokens, String output) throws OrtException {
        long[] shape = {tokens.batch(), tokens.length()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(tokens.ids()), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(tokens.mask()), shape));
            inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(tokens.types()),
                    shape));
            try (OrtSession.Result result = session.run(inputs)) {
                return Arrays.asList((float[][]) result.get(output).orElseThrow().getValue());
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
