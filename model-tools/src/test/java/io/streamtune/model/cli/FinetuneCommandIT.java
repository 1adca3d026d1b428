package io.streamtune.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FinetuneCommandIT {

    @TempDir
    Path checkpoints;

    @Test
    void shouldReportHeldOutFiguresForEachModeAndSaveCheckpoints() throws Exception {
        StringWriter output = new StringWriter();
        int exit = new CommandLine(new FinetuneCommand()).setOut(new PrintWriter(output)).execute(
                "--mode", "feature-extraction,top-k", "--top-k", "1", "--train-limit", "32", "--eval-limit", "16",
                "--epochs", "1", "--batch-size", "16", "--max-length", "32", "--device", "cpu",
                "--checkpoint-dir", checkpoints.toString());

        String text = output.toString();
        assertThat(exit).as(text).isZero();
        assertThat(text).contains("dataset spam-assassin: train 32, validation 16, test 16")
                .contains("epoch 1 step 2/2").contains("feature-extraction: test n=16 accuracy=")
                .contains("top-k: test n=16 accuracy=").containsPattern("(?m)^top-k\\s+\\d\\.\\d{4}\\s+\\d\\.\\d{4}");
        assertThat(new DirectoryCheckpointStore(checkpoints).list())
                .containsExactly("spam-assassin/feature-extraction-step-2", "spam-assassin/top-k-step-2");
    }
}
