package io.streamtune.model.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Parameter;
import io.streamtune.model.ClassifierBlock;
import io.streamtune.model.LabelMap;
import io.streamtune.model.ModelOptions;
import io.streamtune.model.TextClassifier;
import io.streamtune.model.TinyModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** References are refused with a message naming the missing piece; a good one loads once per process. */
class BaseModelsTest {

    /** The MiniLM tokenizer's vocabulary, so a tiny export with this many rows matches it. */
    private static final int VOCABULARY = 30522;

    @TempDir
    Path dir;

    private Path tokenizer;

    @BeforeEach
    void writeTokenizer() throws IOException {
        tokenizer = Files.write(dir.resolve("tokenizer.json"), BaseModel.readResource(BaseModel.MINILM_TOKENIZER));
    }

    @Test
    void shouldRefuseAnUnknownName() {
        assertThatThrownBy(() -> BaseModelRef.parse("gpt-5", null)).isInstanceOf(InvalidBaseModelException.class)
                .hasMessageContaining("unknown base model 'gpt-5'")
                .hasMessageContaining("all-MiniLM-L6-v2, bge-small-en-v1.5, e5-small-v2, tiny, or onnx:<path>");
    }

    @Test
    void shouldRefuseAMissingOnnxFile() {
        BaseModelRef ref = BaseModelRef.parse("onnx:" + dir.resolve("absent.onnx"), "tokenizer:" + tokenizer);
        assertThatThrownBy(() -> BaseModels.validate(ref)).isInstanceOf(InvalidBaseModelException.class)
                .hasMessageContaining("ONNX file " + dir.resolve("absent.onnx") + " not found");
        assertThatThrownBy(() -> BaseModels.load(ref)).isInstanceOf(InvalidBaseModelException.class)
                .hasMessageContaining("ONNX file");
    }

    @Test
    void shouldRefuseAnOnnxBaseWithoutTokenizer() {
        assertThatThrownBy(() -> BaseModelRef.parse("onnx:/models/model.onnx", null))
                .isInstanceOf(InvalidBaseModelException.class)
                .hasMessageContaining("has no tokenizer").hasMessageContaining("tokenizer:<path to tokenizer.json>");
    }

    @Test
    void shouldRefuseAMissingTokenizerFile() {
        Path onnx = new TinyBertOnnx(BertConfig.tiny(VOCABULARY)).writeTo(dir.resolve("model.onnx"));
        BaseModelRef ref = BaseModelRef.parse("onnx:" + onnx, "tokenizer:" + dir.resolve("absent.json"));
        assertThatThrownBy(() -> BaseModels.validate(ref)).isInstanceOf(InvalidBaseModelException.class)
                .hasMessageContaining("tokenizer " + dir.resolve("absent.json") + " not found");
    }

    @Test
    void shouldRefuseATokenizerWithoutAnOnnxFile() {
        assertThatThrownBy(() -> BaseModelRef.parse("bge-small-en-v1.5", "tokenizer:/models/tokenizer.json"))
                .isInstanceOf(InvalidBaseModelException.class)
                .hasMessageContaining("given without an ONNX file")
                .hasMessageContaining("bge-small-en-v1.5 brings its own tokenizer");
    }

    @Test
    void shouldRefuseAVocabularyMismatch() {
        assertValidationRefuses(new TinyBertOnnx(BertConfig.tiny(1000)), "vocabulary mismatch",
                "has 30522 tokens but the model's word embeddings have 1000 rows");
    }

    @Test
    void shouldRefuseAnExportWithoutAnEncoderWeight() {
        String missing = "encoder.layer.1.output.dense.weight";
        assertValidationRefuses(new TinyBertOnnx(BertConfig.tiny(VOCABULARY)).without(missing),
                "has no weight " + missing);
    }

    @Test
    void shouldRefuseAQuantizedExport() {
        assertValidationRefuses(new TinyBertOnnx(BertConfig.tiny(VOCABULARY)).withActivation("MatMulInteger"),
                "is quantized (operator MatMulInteger)");
    }

    @Test
    void shouldRefuseAnActivationOtherThanErfGelu() {
        assertValidationRefuses(new TinyBertOnnx(BertConfig.tiny(VOCABULARY)).withActivation("Relu"),
                "no Erf or Gelu operator");
    }

    @Test
    void shouldRefuseAFileThatIsNotOnnx() throws IOException {
        Path notOnnx = Files.writeString(dir.resolve("model.onnx"), "not a model");
        BaseModelRef ref = BaseModelRef.parse("onnx:" + notOnnx, "tokenizer:" + tokenizer);
        assertThatThrownBy(() -> BaseModels.validate(ref)).isInstanceOf(InvalidBaseModelException.class)
                .hasMessageContaining("is not a readable ONNX model");
    }

    @Test
    void shouldReadShapeAndHeadsFromTheFilesAndLoadOncePerProcess() throws IOException {
        BertConfig shape = new BertConfig(VOCABULARY, 48, 2, 3, 96, 64, 2, BertConfig.HF_LAYER_NORM_EPS);
        Path onnx = new TinyBertOnnx(shape).writeTo(dir.resolve("three-heads.onnx"));
        BaseModelRef ref = BaseModelRef.parse("ONNX:" + onnx, tokenizer.toString());
        assertThat(ref.id()).isEqualTo("onnx:" + onnx);
        assertThat(ref.tokenizer()).isEqualTo("tokenizer:" + tokenizer);

        BaseModels.validate(ref);
        BaseModel base = BaseModels.load(ref);

        assertThat(base.config()).as("3 heads of 16: neither the default 12 nor 48/64").isEqualTo(shape);
        assertThat(base.sha256()).isEqualTo(BaseModel.sha256(ByteBuffer.wrap(Files.readAllBytes(onnx))));
        assertThat(BaseModels.load(BaseModelRef.parse("onnx:" + onnx, "tokenizer:" + tokenizer))).isSameAs(base);
        try (TextClassifier classifier = BaseModels.newClassifier(ref, LabelMap.of("a", "b"),
                new ModelOptions(16, 0f, "cpu", 1))) {
            assertThat(classifier.baseModelSha256()).isEqualTo(base.sha256());
            assertThat(classifier.parameters().get("encoder.layer.1.output.dense.weight").getArray().toFloatArray())
                    .containsExactly(base.weights().get("encoder.layer.1.output.dense.weight").data());
        }
    }

    @Test
    void shouldFallBackToSixtyFourWideHeadsOrRefuseWhenTheGraphDoesNotSay() {
        BertConfig base = new BertConfig(VOCABULARY, 128, 1, 2, 256, 64, 2, BertConfig.HF_LAYER_NORM_EPS);
        Path onnx = new TinyBertOnnx(base).withoutHeadsInGraph().writeTo(dir.resolve("bert-tiny.onnx"));
        assertThat(BaseModels.load(BaseModelRef.parse("onnx:" + onnx, tokenizer.toString())).config())
                .isEqualTo(base);
        assertValidationRefuses(new TinyBertOnnx(BertConfig.tiny(VOCABULARY)).withoutHeadsInGraph(),
                "does not show its number of attention heads", "hidden size 32 fits no default");
    }

    @Test
    void shouldNameBuiltinsCanonicallyAndFindTheirJars() {
        assertThat(BaseModelRef.parse(" ALL-minilm-l6-V2 ", null)).isEqualTo(BaseModelRef.DEFAULT);
        assertThat(BaseModelRef.parse("TINY").isTiny()).isTrue();
        for (BuiltinBase builtin : BuiltinBase.values()) {
            BaseModelRef ref = BaseModelRef.parse(builtin.id());
            assertThat(ref.builtin()).contains(builtin);
            BaseModels.validate(ref);
        }
    }

    @Test
    void shouldRefuseReferencesThatDidNotComeFromParse() {
        assertThatThrownBy(() -> new BaseModelRef("gpt-5", null)).isInstanceOf(InvalidBaseModelException.class)
                .hasMessageContaining("not a canonical base model reference");
        assertThatThrownBy(() -> new BaseModelRef("bge-SMALL-en-v1.5", null))
                .isInstanceOf(InvalidBaseModelException.class);
        assertThatThrownBy(() -> new BaseModelRef("onnx:/m.onnx", null)).isInstanceOf(InvalidBaseModelException.class);
        assertThat(new BaseModelRef("onnx:/m.onnx", "tokenizer:/t.json"))
                .isEqualTo(BaseModelRef.parse("onnx:/m.onnx", "/t.json"));
    }

    @Test
    void shouldExpectTheWeightsTheEncoderHas() {
        try (TextClassifier classifier = TinyModels.classifier(0f, 1)) {
            Map<String, long[]> actual = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> parameter : classifier.parameters().entrySet()) {
                if (!parameter.getKey().equals(ClassifierBlock.HEAD_WEIGHT)
                        && !parameter.getKey().equals(ClassifierBlock.HEAD_BIAS)) {
                    actual.put(parameter.getKey(), parameter.getValue().getArray().getShape().getShape());
                }
            }
            Map<String, long[]> expected = BertWeights.expectedShapes(classifier.config());
            assertThat(expected.keySet()).containsExactlyElementsOf(actual.keySet());
            expected.forEach((name, shape) -> assertThat(Arrays.equals(shape, actual.get(name))).as(name).isTrue());
        }
    }

    private void assertValidationRefuses(TinyBertOnnx export, String... messageParts) {
        Path onnx = export.writeTo(dir.resolve("model.onnx"));
        BaseModelRef ref = BaseModelRef.parse("onnx:" + onnx, "tokenizer:" + tokenizer);
        assertThatThrownBy(() -> BaseModels.validate(ref)).isInstanceOf(InvalidBaseModelException.class)
                .hasMessageContainingAll(messageParts);
    }
}
