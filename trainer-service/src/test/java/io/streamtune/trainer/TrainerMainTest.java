package io.streamtune.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerMainTest {

    @TempDir
    Path dir;

    @Test
    void shouldExitOneWhenTheTrainerCannotStart() throws Exception {
        // A bootstrap address without a port parses as a list, but no Kafka client can be created from it.
        Path config = write("bootstrap.servers=127.0.0.1\n");

        int code = TrainerMain.run(new String[] {config.toString()}, TrainerMilestones.NONE);

        assertThat(code).isEqualTo(1);
    }

    @Test
    void shouldExitTwoOnAnInvalidConfiguration() throws Exception {
        Path config = write("bootstrap.servers=127.0.0.1:9092\ncheckpoint.every.shards=-3\n");

        int code = TrainerMain.run(new String[] {config.toString()}, TrainerMilestones.NONE);

        assertThat(code).isEqualTo(2);
    }

    private Path write(String connection) throws Exception {
        return Files.writeString(dir.resolve("trainer.properties"), connection
                + "tasks=spam\ntask.spam.labels=ham,spam\nschema.registry.url=http://127.0.0.1:1/apis/ccompat/v7\n"
                + "base.model=tiny\ncheckpoint.dir=" + dir.resolve("checkpoints") + "\n");
    }
}
