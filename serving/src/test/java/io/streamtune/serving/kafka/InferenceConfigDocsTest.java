package io.streamtune.serving.kafka;

import io.streamtune.common.config.ConfigDocs;
import io.streamtune.serving.ServeConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InferenceConfigDocsTest {

    @Test
    void shouldDocumentEveryInferenceKeyInTheReadme() {
        var definition = ServeConfig.configDef();
        ConfigDocs.check(Path.of("README.md"), "serve-inference", ConfigDocs.without(definition,
                definition.names().stream().filter(key -> !key.startsWith("inference.")).toList()));
    }
}
