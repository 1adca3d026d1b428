package io.streamtune.launcher.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShiftReportTest {

    private static final ShiftSettings SETTINGS = new ShiftSettings("tiny", 32, 7, "cpu", 16, 2, 5e-5, 16, 20);

    @Test
    void shouldMeasureForgettingFromTheEndOfTheOldDomain() {
        ArmResult arm = arm(false, row(1, "old", 0.90, null), row(2, "old", 0.95, null), row(3, "new", 0.80, null),
                row(4, "new", 0.85, null));

        assertThat(arm.endOfOldDomain().checkpoint()).isEqualTo(2);
        assertThat(arm.oldDomainDrop()).isCloseTo(0.10, within(1e-9));
        assertThat(arm.worstOldDomainDrop()).isCloseTo(0.15, within(1e-9));
    }

    @Test
    void shouldWriteOneTableRowPerCheckpointWithBothDomainsAndDrift(@TempDir Path dir) throws Exception {
        ShiftReport report = report(arm(false, row(1, "old", 0.9, new DriftRow(0.01, 0.02, 0.03, Double.NaN)),
                row(2, "new", 0.7, null)), arm(true, row(1, "old", 0.9, null), row(2, "new", 0.89, null)));

        String markdown = report.write(dir);

        assertThat(Files.readString(dir.resolve(ShiftReport.MARKDOWN_FILE))).isEqualTo(markdown);
        List<String> rows = markdown.lines().filter(line -> line.matches("\\| \\d+ \\|.*")).toList();
        assertThat(rows).containsExactly(
                "| 1 | old | 100 | 100 | 0.5000 | 0.9000 | 0.9000 | 0.5000 | 0.5000 | 0.010 | 0.020 | 0.030 | n/a |",
                "| 2 | new | 200 | 200 | 0.5000 | 0.7000 | 0.7000 | 0.5000 | 0.5000 | | | | |",
                "| 1 | old | 100 | 100 | 0.5000 | 0.9000 | 0.9000 | 0.5000 | 0.5000 |",
                "| 2 | new | 200 | 200 | 0.5000 | 0.8900 | 0.8900 | 0.5000 | 0.5000 |");
        assertThat(markdown).contains("### Replay off", "### Replay on (capacity 2000, ratio 0.5)",
                "drop 20.00 points", "drop 1.00 points");
    }

    @Test
    void shouldMarkDriftLevelsByTheEvaluatorsThresholds() {
        String markdown = report(arm(true, row(1, "old", 0.9, new DriftRow(0.05, 0.12, 0.3, 0.0)))).markdown();

        assertThat(markdown).contains("| 0.050 | 0.120 WATCH | 0.300 DRIFT | 0.000 |");
    }

    @Test
    void shouldReadBackWhatItWroteAsJson(@TempDir Path dir) throws Exception {
        ShiftReport report = report(arm(true, row(1, "old", 0.9, new DriftRow(0.01, 0.02, 0.03, 0.04)),
                row(2, "new", 0.8, null)));

        report.write(dir);

        assertThat(ShiftReport.read(dir)).isEqualTo(report);
    }

    private static ShiftReport report(ArmResult... arms) {
        return new ShiftReport(List.of("easy-ham-1", "spam-1"), List.of("easy-ham-2", "hard-ham-1", "spam-2"),
                SETTINGS, Map.of("oldHeldOut", Map.of("ham", 8, "spam", 2), "newHeldOut", Map.of("ham", 5)),
                List.of(arms));
    }

    private static ArmResult arm(boolean replay, CheckpointRow... rows) {
        return new ArmResult(replay, replay ? 2000 : 0, replay ? 0.5 : 0, List.of(rows));
    }

    private static CheckpointRow row(int index, String domain, double oldScore, DriftRow drift) {
        return new CheckpointRow(index, domain, 100L * index, 100L * index, 0.5,
                new CheckpointRow.Score(10, oldScore, oldScore), new CheckpointRow.Score(10, 0.5, 0.5), index,
                drift);
    }
}
