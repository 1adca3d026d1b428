package io.streamtune.ingest;

import io.streamtune.common.config.ConfigDocs;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestConfigDocsTest {

    @Test
    void shouldDocumentEveryIngestKeyInTheReadme() {
        ConfigDocs.checkServiceReadme("ingest", IngestConfig.configDef(List.of("<task>")));
    }
}
