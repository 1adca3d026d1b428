package io.streamtune.launcher.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamtune.evaluator.drift.DriftLevel;
import io.streamtune.evaluator.drift.DriftSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a shift experiment measured, written as {@code shift.json} and {@code shift.md}.
 *
 * @param oldGroups corpus groups of the old domain
 * @param newGroups corpus groups of the new domain
 * @param settings  how it trained
 * @param sizes     emails per slice, as used (stream, held-out, control; by label)
 * @param arms      one result per arm, replay off first when both ran
 */
public record ShiftReport(List<String> oldGroups, List<String> newGroups, ShiftSettings settings,
        Map<String, Map<String, Integer>> sizes, List<ArmResult> arms) {

    public static final String JSON_FILE = "shift.json";
    public static final String MARKDOWN_FILE = "shift.md";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ShiftReport {
        oldGroups = List.copyOf(oldGroups);
        newGroups = List.copyOf(newGroups);
        sizes = Map.copyOf(sizes);
        arms = List.copyOf(arms);
    }

    /** Writes both files into {@code dir} (created when missing) and returns the Markdown. */
    public String write(Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(JSON_FILE).toFile(), this);
        String markdown = markdown();
        Files.writeString(dir.resolve(MARKDOWN_FILE), markdown);
        return markdown;
    }

    /** Reads a report {@link #write} wrote. */
    public static ShiftReport read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(JSON_FILE).toFile(), ShiftReport.class);
    }

    /** One table per arm (a row per checkpoint) and a line on forgetting each. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Old domain: %s; new domain: %s. Held-out: %s old, %s new emails.%n",
                String.join(" + ", oldGroups), String.join(" + ", newGroups), sizes.get("oldHeldOut"),
                sizes.get("newHeldOut")));
        for (ArmResult arm : arms) {
            out.append(String.format(Locale.ROOT, "%n### Replay %s%s%n%n", arm.replay() ? "on" : "off",
                    arm.replay() ? " (capacity " + arm.replayCapacity() + ", ratio " + arm.replayRatio() + ")" : ""));
            boolean drift = arm.rows().stream().anyMatch(row -> row.drift() != null);
            out.append("| checkpoint | streaming | emails streamed | trained (with replay) | train loss "
                    + "| old acc | old F1 | new acc | new F1 |");
            out.append(drift ? " label PSI | confidence PSI | control label PSI | control confidence PSI |\n"
                    : "\n");
            out.append("|---|---|---|---|---|---|---|---|---|").append(drift ? "---|---|---|---|\n" : "\n");
            for (CheckpointRow row : arm.rows()) {
                out.append(String.format(Locale.ROOT, "| %d | %s | %,d | %,d | %.4f | %.4f | %.4f | %.4f | %.4f |",
                        row.checkpoint(), row.streaming(), row.streamed(), row.trained(), row.trainLoss(),
                        row.oldDomain().accuracy(), row.oldDomain().macroF1(), row.newDomain().accuracy(),
                        row.newDomain().macroF1()));
                if (drift) {
                    DriftRow d = row.drift();
                    out.append(d == null ? " | | | |" : String.format(Locale.ROOT, " %s | %s | %s | %s |",
                            psi(d.labelPsi()), psi(d.confidencePsi()), psi(d.controlLabelPsi()),
                            psi(d.controlConfidencePsi())));
                }
                out.append('\n');
            }
            out.append(String.format(Locale.ROOT, "%nOld-domain macro-F1: %.4f at the end of the old domain, "
                    + "%.4f at the end (drop %.2f points; worst drop during the new domain %.2f points).%n",
                    arm.endOfOldDomain().oldDomain().macroF1(), arm.last().oldDomain().macroF1(),
                    100 * arm.oldDomainDrop(), 100 * arm.worstOldDomainDrop()));
        }
        return out.toString();
    }

    /** The value and, from WATCH up, its level by the evaluator's default thresholds. */
    private static String psi(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        DriftLevel level = DriftSettings.defaults().level(value);
        return String.format(Locale.ROOT, "%.3f", value) + (level == DriftLevel.NONE ? "" : " " + level);
    }
}
