package io.streamtune.serving;

import io.streamtune.common.config.ConfigDocs;
import org.junit.jupiter.api.Test;

class ServeConfigDocsTest {

    @Test
    void shouldDocumentEveryServeKeyInTheReadme() {
        ConfigDocs.checkServiceReadme("serve", ServeConfig.configDef());
    }
}
