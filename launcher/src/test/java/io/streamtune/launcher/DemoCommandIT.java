package io.streamtune.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.evaluator.EvaluatorConfig;
import io.streamtune.launcher.demo.RunFiles;
import io.streamtune.launcher.demo.RunRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo's whole path on a small scale: real broker, registry and the three services as separate processes,
 * the real pre-trained model and real SpamAssassin emails, but few of them and short, so it fits in CI.
 */
class DemoCommandIT {

    @TempDir
    Path runDir;

    @Test
    void shouldStreamTrainEvaluatePromoteReportAndLeaveNoProcessBehind() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Streamtune.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("demo", "--run-dir", runDir.toString(), "--minutes", "6", "--rate", "40",
                "--train-limit", "160", "--validation-limit", "40", "--test-limit", "60", "--max-length", "32",
                "--shard-examples", "16", "--checkpoint-every-shards", "2", "--min-validation-examples", "20",
                "--bad-fraction", "0.05", "--duplicate-fraction", "0.03");

        assertThat(code).as("exit code; output:%n%s%nerrors:%n%s", out, err).isZero();
        RunRecord record = RunFiles.readJson(runDir.resolve("run.json"));
        RunRecord.Summary summary = record.summary();
        long sent = summary.produced().values().stream().mapToLong(Long::longValue).sum();
        assertThat(sent).isEqualTo(200 + summary.produced().get("bad") + summary.produced().get("duplicate"));
        assertThat(summary.accepted() + summary.deadLettered() + summary.duplicates()).isEqualTo(sent);
        assertThat(summary.deadLettered()).isEqualTo(summary.produced().get("bad"));
        assertThat(summary.duplicates()).isEqualTo(summary.produced().get("duplicate"));
        assertThat(summary.endedBecause()).startsWith("corpus replayed");

        assertThat(record.evaluations()).isNotEmpty();
        assertThat(record.promotions()).isNotEmpty();
        assertThat(record.samples()).isNotEmpty();
        assertThat(summary.heldOut()).extracting(RunRecord.HeldOutScore::model)
                .anySatisfy(model -> assertThat(model).startsWith("champion"))
                .anySatisfy(model -> assertThat(model).startsWith("base model"));
        assertThat(summary.heldOut()).allSatisfy(score -> assertThat(score.accuracy()).isBetween(0.0, 1.0));
        assertThat(summary.heldOut().get(0).examples()).isEqualTo(60);
        // Every promotion's champion scored on the held-out part (or said why not), in promotion order.
        assertThat(summary.champions()).extracting(RunRecord.ChampionScore::modelVersion)
                .containsExactlyElementsOf(record.promotions().stream().map(RunRecord.PromotionPoint::modelVersion)
                        .toList());
        assertThat(summary.champions()).allSatisfy(champion -> {
            if (champion.missing() == null) {
                assertThat(champion.examples()).isEqualTo(60);
                assertThat(champion.macroF1()).isBetween(0.0, 1.0);
                assertThat(champion.examplesSeen()).isPositive();
            } else {
                assertThat(champion.missing()).isNotBlank();
            }
        });
        assertThat(summary.champions().get(0).macroF1Change()).isNaN();
        assertThat(summary.loweredMacroF1()).isEqualTo(summary.champions().stream()
                .filter(champion -> champion.macroF1Change() < 0).count());
        assertThat(record.gate()).isEqualTo(new RunRecord.GateSettings(EvaluatorConfig.DEFAULT_GATE_RULES, true, 20));
        assertThat(summary.freshExamples()).isEqualTo(160);
        assertThat(summary.freshnessP95()).isGreaterThanOrEqualTo(summary.freshnessP50()).isPositive();
        // serve answered held-out emails, with the last promoted version by the end, and nothing failed.
        RunRecord.ServingSummary serving = summary.serving();
        assertThat(serving.answers()).isPositive();
        assertThat(serving.failed()).isZero();
        assertThat(serving.freshExamples()).isPositive();
        assertThat(serving.freshnessP95()).isGreaterThanOrEqualTo(serving.freshnessP50()).isPositive();
        assertThat(record.served()).last().extracting(RunRecord.ServedPoint::modelVersion)
                .isEqualTo(record.promotions().get(record.promotions().size() - 1).modelVersion());

        assertThat(out.toString()).contains("task spam created on the tasks topic",
                "task spam applied by ingest and trainer", "== Summary", "(balances)", "PROMOTED", "pipeline stopped",
                "held-out champion 1/", "promotions that LOWERED the held-out score: " + summary.loweredMacroF1());
        assertThat(Files.readString(runDir.resolve("report.html")))
                .contains(record.promotions().get(0).modelVersion(), "Balanced", "<figure id=\"plot-champions\"");
        assertThat(runDir.resolve("logs")).isDirectoryContaining("glob:**/trainer.log");
        assertThat(Files.exists(runDir.resolve("pipeline.pids"))).isFalse();
        assertThat(RunningProcesses.withCommandLineContaining(runDir.toString()))
                .as("processes of the run still alive").isEmpty();
    }
}
