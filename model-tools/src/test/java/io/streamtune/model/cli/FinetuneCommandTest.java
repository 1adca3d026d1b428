package io.streamtune.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.model.train.FineTuneConfig;
import io.streamtune.model.train.TrainingMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FinetuneCommandTest {

    @Test
    void shouldRejectAnUnknownModeWithAUsageError() {
        StringWriter errors = new StringWriter();
        int exit = new CommandLine(new FinetuneCommand()).setErr(new PrintWriter(errors))
                .execute("--mode", "sideways");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(errors.toString()).contains("--mode").contains("unknown training mode 'sideways'");
    }

    @Test
    void shouldRunFullFineTuningByDefaultAndAcceptSeveralModes() {
        FinetuneCommand defaults = new FinetuneCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.modes()).containsExactly(TrainingMode.FULL);

        FinetuneCommand several = new FinetuneCommand();
        new CommandLine(several).parseArgs("--mode", "feature-extraction,full", "--mode", "top-k");
        assertThat(several.modes()).containsExactly(TrainingMode.FEATURE_EXTRACTION, TrainingMode.FULL,
                TrainingMode.TOP_K);
    }

    @Test
    void shouldDescribeItselfAsTheFinetuneSubcommand() {
        CommandLine command = new CommandLine(new FinetuneCommand());
        assertThat(command.getCommandName()).isEqualTo("finetune");
        assertThat(command.getUsageMessage()).contains("--mode").contains("--checkpoint-dir").contains("--device");
    }

    @Test
    void shouldTakeItsFineTuningDefaultsFromFineTuneConfig() {
        FinetuneCommand defaults = new FinetuneCommand();
        new CommandLine(defaults).parseArgs();

        FineTuneConfig config = defaults.config(TrainingMode.FULL);
        FineTuneConfig reference = FineTuneConfig.builder().build();
        assertThat(config.learningRate()).isEqualTo(reference.learningRate());
        assertThat(config).usingRecursiveComparison()
                .comparingOnlyFields("topK", "weightDecay", "warmupRatio", "maxGradNorm", "batchSize", "epochs",
                        "patience", "seed")
                .isEqualTo(reference);
        assertThat(defaults.config(TrainingMode.TOP_K).learningRate())
                .isEqualTo(FineTuneConfig.defaultLearningRate(TrainingMode.TOP_K));
    }
}
