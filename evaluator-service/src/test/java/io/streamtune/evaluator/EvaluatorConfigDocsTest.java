package io.streamtune.evaluator;

import io.streamtune.common.config.ConfigDocs;
import org.junit.jupiter.api.Test;

class EvaluatorConfigDocsTest {

    @Test
    void shouldDocumentEveryEvaluatorKeyInTheReadme() {
        ConfigDocs.checkServiceReadme("evaluator", EvaluatorConfig.configDef());
    }
}
