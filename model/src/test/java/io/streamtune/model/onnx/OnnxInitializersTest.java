package io.streamtune.model.onnx;

import static io.streamtune.model.onnx.Proto.bytes;
import static io.streamtune.model.onnx.Proto.concat;
import static io.streamtune.model.onnx.Proto.field;
import static io.streamtune.model.onnx.Proto.floats;
import static io.streamtune.model.onnx.Proto.string;
import static io.streamtune.model.onnx.Proto.tag;
import static io.streamtune.model.onnx.Proto.varint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.model.bert.BertWeights;
import io.streamtune.model.onnx.OnnxInitializers.Tensor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads a hand-written ONNX protobuf laid out as a Hugging Face BERT export lays out its weights. */
class OnnxInitializersTest {

    private static final String MATMUL = "onnx::MatMul_7";

    @Test
    void shouldNameMatMulWeightsAfterTheirNodeAndTransposeThem() {
        Map<String, Tensor> weights = BertWeights.fromOnnx(OnnxInitializers.parse(ByteBuffer.wrap(model())));

        assertThat(weights).containsOnlyKeys("encoder.layer.0.attention.self.query.weight",
                "encoder.layer.0.attention.self.query.bias");
        Tensor query = weights.get("encoder.layer.0.attention.self.query.weight");
        // Stored [in=2, out=3] as 1 2 3 / 4 5 6; a linear layer wants [out, in].
        assertThat(query.shape()).containsExactly(3, 2);
        assertThat(query.data()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(weights.get("encoder.layer.0.attention.self.query.bias").data()).containsExactly(0.5f, -1f, 2f);
    }

    @Test
    void shouldSkipNonFloatConstants() {
        OnnxInitializers onnx = OnnxInitializers.parse(ByteBuffer.wrap(model()));
        assertThat(onnx.tensors()).doesNotContainKey("onnx::Reshape_1");
        assertThat(onnx.nodes()).singleElement().satisfies(node -> {
            assertThat(node.opType()).isEqualTo("MatMul");
            assertThat(node.inputs()).containsExactly("x", MATMUL);
        });
    }

    @Test
    void shouldKeepSmallInt64ConstantsAndReadOnlyTheLayoutWhenAsked() {
        OnnxInitializers layout = OnnxInitializers.parseLayout(ByteBuffer.wrap(model()));
        assertThat(layout.int64Constants().get("onnx::Reshape_1")).containsExactly(0L);
        assertThat(layout.tensors().get(MATMUL).shape()).containsExactly(2, 3);
        assertThat(layout.tensors().get(MATMUL).data()).isNull();
    }

    @Test
    void shouldFailClearlyOnTruncatedBytes() {
        byte[] bytes = model();
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 5);
        assertThatThrownBy(() -> OnnxInitializers.parse(ByteBuffer.wrap(truncated)))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("truncated or not an ONNX file");
    }

    @Test
    void shouldRejectBytesWithoutAGraph() {
        assertThatThrownBy(() -> OnnxInitializers.parse(ByteBuffer.wrap(field(1, varint(7)))))
                .isInstanceOf(OnnxFormatException.class);
    }

    private static byte[] model() {
        byte[] node = concat(string(1, "x"), string(1, MATMUL),
                string(3, "/encoder/layer.0/attention/self/query/MatMul"), string(4, "MatMul"));
        byte[] matmul = concat(tag(1, 0), varint(2), tag(1, 0), varint(3), tag(2, 0), varint(1),
                string(8, MATMUL), bytes(9, floats(1, 2, 3, 4, 5, 6)));
        byte[] bias = concat(bytes(1, concat(varint(3))), tag(2, 0), varint(1),
                bytes(4, floats(0.5f, -1f, 2f)), string(8, "encoder.layer.0.attention.self.query.bias"));
        byte[] shapeConstant = concat(tag(1, 0), varint(1), tag(2, 0), varint(7), string(8, "onnx::Reshape_1"),
                bytes(9, new byte[8]));
        byte[] graph = concat(bytes(1, node), bytes(5, matmul), bytes(5, bias), bytes(5, shapeConstant),
                string(2, "main_graph"));
        return concat(tag(1, 0), varint(7), bytes(7, graph));
    }
}
