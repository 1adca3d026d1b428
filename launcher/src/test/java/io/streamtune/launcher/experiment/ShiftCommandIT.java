package io.streamtune.launcher.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.launcher.Streamtune;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole experiment at a tiny size: the tiny base model on a small SpamAssassin-shaped corpus, both arms. */
class ShiftCommandIT {

    @Test
    void shouldScoreBothDomainsAtEveryCheckpointOfBothArms(@TempDir Path dir) throws Exception {
        FakeCorpus.write(dir.resolve("data"), FakeCorpus.GROUPS);
        Path out = dir.resolve("out");
        StringWriter console = new StringWriter();
        CommandLine cli = Streamtune.commandLine();
        cli.setOut(new PrintWriter(console));

        int exit = cli.execute("experiment", "shift", "--base-model", "tiny", "--max-length", "16",
                "--old-examples", "48", "--new-examples", "40", "--held-out", "20", "--shard-size", "16",
                "--checkpoint-every-shards", "2", "--drift-window", "20", "--control", "40", "--threads", "1",
                "--data-dir", dir.resolve("data").toString(), "--out", out.toString());

        assertThat(exit).as(console.toString()).isZero();
        ShiftReport report = ShiftReport.read(out);
        assertThat(report.arms()).extracting(ArmResult::replay).containsExactly(false, true);
        for (ArmResult arm : report.arms()) {
            // old: 3 shards of 16 (checkpoints after 2 and at the domain's end), new: 16 + 16 + 8 (after 2, end)
            assertThat(arm.rows()).extracting(CheckpointRow::streaming).containsExactly("old", "old", "new", "new");
            assertThat(arm.rows()).extracting(CheckpointRow::streamed).containsExactly(32L, 48L, 80L, 88L);
            assertThat(arm.rows()).allSatisfy(row -> {
                assertThat(row.oldDomain().count()).isEqualTo(20);
                assertThat(row.newDomain().count()).isEqualTo(20);
            });
            // drift needs a whole window (20) of the stream still to come: none with 8 or 0 emails left
            assertThat(arm.rows()).extracting(row -> row.drift() != null).containsExactly(true, true, false, false);
            assertThat(arm.rows().get(1).drift().labelPsi()).isGreaterThan(arm.rows().get(1).drift()
                    .controlLabelPsi());
        }
        assertThat(report.arms().get(0).last().trained()).isEqualTo(88);
        assertThat(report.arms().get(1).last().trained()).isGreaterThan(88);
        List<String> tableRows = Files.readString(out.resolve(ShiftReport.MARKDOWN_FILE)).lines()
                .filter(line -> line.matches("\\| \\d+ \\|.*")).toList();
        assertThat(tableRows).hasSize(8);
        assertThat(console.toString()).contains("[replay off] checkpoint 4", "[replay on] checkpoint 4");
    }
}
