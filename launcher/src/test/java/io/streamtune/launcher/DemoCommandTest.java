package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.launcher.demo.PipelineSpec;
import io.streamtune.launcher.demo.RunRecord.GateSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

    private static final PipelineSpec DEFAULTS = PipelineSpec.defaults(Path.of("run"), PipelineSpec.Ports.standard());

    @TempDir
    Path runDir;

    @Test
    void shouldPassTheGateOptionsToTheEvaluatorAndRecordThem() {
        PipelineSpec spec = DemoCommand.withGateOptions(DEFAULTS, 30, "macro_f1 >= 0.5; accuracy >= champion");

        assertThat(spec.evaluator()).containsEntry("gate.rules", "macro_f1 >= 0.5; accuracy >= champion")
                .containsEntry("min.validation.examples", "30").containsEntry("validation.anchor.size", "30");
        assertThat(spec.gate()).isEqualTo(new GateSettings("macro_f1 >= 0.5; accuracy >= champion", false, 30));
    }

    @Test
    void shouldLeaveTheEvaluatorsDefaultRulesWhenNoGateOptionIsGiven() {
        PipelineSpec spec = DemoCommand.withGateOptions(DEFAULTS, null, null);

        assertThat(spec).isEqualTo(DEFAULTS);
        assertThat(spec.evaluator()).doesNotContainKey("gate.rules");
        assertThat(spec.gate()).isEqualTo(new GateSettings(EvaluatorConfig.DEFAULT_GATE_RULES, true,
                Integer.parseInt(DEFAULTS.evaluator().get("min.validation.examples"))));
    }

    @Test
    void shouldRefuseGateRulesTheEvaluatorRefusesBeforeStartingAnything() {
        Run run = run("--gate-rules", "macro_f1 >=");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("streamtune demo: evaluator setting refused", "gate.rules");
        assertThat(runDir.resolve("logs")).doesNotExist();
    }

    @Test
    void shouldHandTheMinimumToTheEvaluatorUnderTheNewAndTheOldOptionName() {
        for (String option : new String[] {"--min-validation-examples", "--min-validation"}) {
            Run run = run(option, "0");

            assertThat(run.exitCode()).as(option).isEqualTo(2);
            assertThat(run.err()).as(option).contains("evaluator setting refused", "min.validation.examples");
        }
    }

    private Run run(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Streamtune.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = new String[options.length + 3];
        args[0] = "demo";
        args[1] = "--run-dir";
        args[2] = runDir.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {}
}
