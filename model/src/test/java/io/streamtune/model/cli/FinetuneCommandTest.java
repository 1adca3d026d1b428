package io.streamtune.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
    void shouldDescribeItselfAsTheFinetuneSubcommand() {
        CommandLine command = new CommandLine(new FinetuneCommand());
        assertThat(command.getCommandName()).isEqualTo("finetune");
        assertThat(command.getUsageMessage()).contains("--mode").contains("--checkpoint-dir").contains("--device");
    }
}
