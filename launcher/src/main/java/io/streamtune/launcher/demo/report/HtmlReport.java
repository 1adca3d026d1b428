package io.streamtune.launcher.demo.report;

import io.streamtune.launcher.demo.RunRecord;
import java.nio.file.Path;

/** TEMPORARY stub until the report branch is merged. */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static void write(RunRecord record, Path file) {
    }
}
