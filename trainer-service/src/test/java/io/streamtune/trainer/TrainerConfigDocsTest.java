package io.streamtune.trainer;

import io.streamtune.common.config.ConfigDocs;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerConfigDocsTest {

    @Test
    void shouldDocumentEveryTrainerKeyInTheReadme() {
        ConfigDocs.checkServiceReadme("trainer", TrainerConfig.configDef(List.of("<task>")));
    }
}
