package io.streamtune.model.bench;

import io.streamtune.model.bert.BaseModel;
import io.streamtune.model.bert.BaseModelRef;
import io.streamtune.model.bert.BaseModels;
import io.streamtune.model.bert.BuiltinBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What checking an {@code onnx:} base costs next to loading it: each built-in is written out as an ONNX file and
 * tokenizer, then {@link BaseModels#validate} (layout only) and {@link BaseModels#load} (every weight) are timed on
 * it, validate first so the file cache is warm for both. Run by {@code model/bench/base-validation.sh}.
 */
public final class BaseModelValidationBenchmark {

    private BaseModelValidationBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("base-validation");
        for (BuiltinBase builtin : BuiltinBase.values()) {
            Path onnx = Files.write(dir.resolve(builtin.onnxResource()),
                    BaseModel.readResource(builtin.onnxResource()));
            Path tokenizer = Files.write(dir.resolve(builtin.tokenizerResource()),
                    BaseModel.readResource(builtin.tokenizerResource()));
            BaseModelRef ref = BaseModelRef.parse("onnx:" + onnx, "tokenizer:" + tokenizer);
            BaseModels.validate(ref);
            long start = System.nanoTime();
            BaseModels.validate(ref);
            double validateMs = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            BaseModels.load(ref);
            double loadMs = (System.nanoTime() - start) / 1e6;
            System.out.printf("%s: validate %.0f ms, load %.0f ms, validate/load %.3f%n", builtin.id(), validateMs,
                    loadMs, validateMs / loadMs);
            Files.delete(onnx);
            Files.delete(tokenizer);
        }
        Files.delete(dir);
    }
}
