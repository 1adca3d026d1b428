package io.streamtune.launcher.demo.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.streamtune.launcher.demo.RunRecord;
import io.streamtune.launcher.demo.RunRecord.EvaluationPoint;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report from {@code file://} in Debian's headless Chromium and checks what its script drew: the
 * serialized DOM after the scripts ran, and a screenshot. Chromium is required, not optional: CI installs it.
 */
class HtmlReportChromiumIT {

    private static final long TIMEOUT_SECONDS = 60;
    private static final List<String> PLOT_IDS =
            List.of("plot-loss", "plot-evaluations", "plot-promotions", "plot-serving", "plot-lag", "plot-records");
    /** The first series colour in report.js, and the promotion marker's. */
    private static final int SERIES_BLUE = 0x2f6db5;
    private static final int PROMOTION_GREEN = 0x3a9a4a;

    @Test
    void shouldDrawOneMarkPerEvaluationAndMarkThePromotedOnes(@TempDir Path dir) throws Exception {
        RunRecord record = RunRecords.realistic();

        String plot = figure(renderedDom(record, dir), "plot-evaluations");

        List<EvaluationPoint> evaluations = record.evaluations();
        assertThat(count(plot, "circle", "eval-f1")).isEqualTo(evaluations.size());
        assertThat(count(plot, "circle", "eval-f1", "promoted"))
                .isEqualTo(evaluations.stream().filter(EvaluationPoint::promoted).count()).isEqualTo(2);
        // The third evaluation could not be scored for accuracy: a gap, not a mark at 0.
        assertThat(count(plot, "circle", "eval-accuracy")).isEqualTo(evaluations.size() - 1);
        assertThat(count(plot, "path", "series")).as("the champion macro-F1 line").isEqualTo(1);
        // Hover text is data drawn as text: the hostile reason must arrive intact and inert.
        assertThat(plot).contains("&lt;/script&gt;&lt;script&gt;alert('x')&lt;/script&gt;");
    }

    @Test
    void shouldDrawLossAndTrainingProgressWithAGapWhereLossWasUnknown(@TempDir Path dir) throws Exception {
        String plot = figure(renderedDom(RunRecords.realistic(), dir), "plot-loss");

        List<String> paths = pathData(plot);
        assertThat(paths).hasSize(2);
        // Loss is NaN for the first three samples, so its line starts later than the examples-trained line.
        assertThat(firstX(paths.get(0))).isGreaterThan(firstX(paths.get(1)));
        assertThat(plot).contains(">training loss</text>").contains(">examples trained</text>")
                .contains(">10:00</text>").contains(">time since start (m:ss)</text>");
    }

    @Test
    void shouldDrawTheChampionsHeldOutScoreAsStepLinesWithAMarkPerPromotionAndTheBaseModelLine(@TempDir Path dir)
            throws Exception {
        String plot = figure(renderedDom(RunRecords.realistic(), dir), "plot-champions");

        assertThat(count(plot, "circle", "mark", "champion")).isEqualTo(RunRecords.CHAMPIONS.size());
        assertThat(count(plot, "circle", "mark", "champion", "lowered")).as("ckpt-5 lowered macro-F1").isEqualTo(1);
        // Macro-F1 and accuracy as step lines (horizontal, then vertical), and the base model's flat line.
        List<String> paths = pathData(plot);
        assertThat(paths).hasSize(3);
        assertThat(paths.get(0)).contains(" H").contains(" V");
        assertThat(paths.get(2)).as("flat: it ends at the height it starts at")
                .matches("M[0-9.]+,([0-9.]+) H[0-9.]+ V\\1");
        assertThat(plot).contains(">champion macro-F1</text>", ">base model + linear probe macro-F1</text>");
    }

    @Test
    void shouldDrawOneMarkerPerPromotionAndRollback(@TempDir Path dir) throws Exception {
        String plot = figure(renderedDom(RunRecords.realistic(), dir), "plot-promotions");

        assertThat(count(plot, "path", "mark", "promotion")).isEqualTo(2);
        assertThat(count(plot, "path", "mark", "rollback")).isEqualTo(1);
        assertThat(plot).contains(">ckpt-5</text>");
    }

    @Test
    void shouldDrawLiveAccuracyAMarkerPerNewServedVersionAndEachFailedRequest(@TempDir Path dir) throws Exception {
        RunRecord record = RunRecords.realistic();

        String plot = figure(renderedDom(record, dir), "plot-serving");

        // ckpt-1 answers first, ckpt-5 takes over, the rollback brings ckpt-1 back: three changes of version.
        assertThat(count(plot, "path", "mark", "served-version")).isEqualTo(3);
        assertThat(count(plot, "circle", "mark")).isEqualTo(
                record.served().stream().filter(point -> point.modelVersion() == null).count());
        assertThat(count(plot, "path", "series")).as("the live accuracy line").isEqualTo(1);
        assertThat(plot).contains(">ckpt-5</text>").contains(">live accuracy</text>");
    }

    @Test
    void shouldDrawOneLinePerConsumerGroupAndOnePerCounter(@TempDir Path dir) throws Exception {
        String dom = renderedDom(RunRecords.realistic(), dir);

        String lag = figure(dom, "plot-lag");
        assertThat(count(lag, "path", "series")).isEqualTo(RunRecords.LAG_GROUPS.size());
        RunRecords.LAG_GROUPS.forEach(group -> assertThat(lag).contains(">" + group + "</text>"));
        String records = figure(dom, "plot-records");
        assertThat(count(records, "path", "series")).isEqualTo(4);
        assertThat(records).contains(">dead-lettered</text>").contains(">duplicates dropped</text>");
    }

    @Test
    void shouldDrawALoneSampleAsADotRatherThanNothing(@TempDir Path dir) throws Exception {
        String dom = renderedDom(RunRecords.oneSample(), dir);

        // A one-point path is invisible unless it has a zero-length stroke for the round cap to draw.
        assertThat(pathData(figure(dom, "plot-loss"))).hasSize(2).allMatch(d -> d.matches("M[-0-9.]+,[-0-9.]+ h0"));
        assertThat(pathData(figure(dom, "plot-lag"))).hasSize(1);
        assertThat(figure(dom, "plot-evaluations")).contains("No data yet.");
    }

    @Test
    void shouldDrawARunTooLongToSpreadIntoOneFunctionCall(@TempDir Path dir) throws Exception {
        // 40,000 samples (11 hours at one a second): 160,000 values on the records plot, more than V8 takes as
        // arguments to Math.min(...values).
        String dom = renderedDom(RunRecords.longRun(40_000), dir);

        assertThat(count(figure(dom, "plot-records"), "path", "series")).isEqualTo(4);
    }

    @Test
    void shouldSayNoDataYetInEveryPlotOfARunThatObservedNothing(@TempDir Path dir) throws Exception {
        String dom = renderedDom(RunRecords.empty(), dir);

        for (String id : PLOT_IDS) {
            assertThat(figure(dom, id)).contains("<p class=\"no-data\">No data yet.</p>").doesNotContain("<svg");
        }
    }

    @Test
    void shouldPaintThePlotsOnScreen(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("report.png");

        chromium(report(RunRecords.realistic(), dir), dir, "--window-size=1000,3400", "--hide-scrollbars",
                "--screenshot=" + png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG screenshot").isNotNull();
        assertThat(pixelsNear(image, SERIES_BLUE)).as("pixels of the first series' colour").isGreaterThan(500);
        assertThat(pixelsNear(image, PROMOTION_GREEN)).as("pixels of the promotion markers").isGreaterThan(50);
    }

    /** The page's DOM after its scripts ran; fails with the page's own error message if the plots failed. */
    private static String renderedDom(RunRecord record, Path dir) throws Exception {
        Path page = report(record, dir);
        String dom = chromium(page, dir, "--dump-dom");
        Matcher error = Pattern.compile("<p id=\"render-error\"[^>]*>(.*?)</p>", Pattern.DOTALL).matcher(dom);
        assertThat(dom).as(() -> "plots rendered; the page says: " + (error.find() ? error.group(1) : "nothing")
                + "\nchromium's stderr:\n" + read(dir.resolve("chromium.err"))).contains("data-rendered=\"ok\"");
        return dom;
    }

    private static Path report(RunRecord record, Path dir) throws IOException {
        Path page = dir.resolve("report.html");
        HtmlReport.write(record, page);
        return page;
    }

    /** Runs Chromium on the page with the given action and returns what it printed. */
    private static String chromium(Path page, Path dir, String... action) throws Exception {
        Path stdout = dir.resolve("chromium.out");
        Path stderr = dir.resolve("chromium.err");
        List<String> command = new ArrayList<>(List.of(chromiumBinary(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                // A profile of its own: never the user's, and no lock shared with another run.
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--enable-logging=stderr"));
        command.addAll(Arrays.asList(action));
        command.add(page.toUri().toString());
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        try {
            boolean exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(exited).as(() -> "chromium finished within " + TIMEOUT_SECONDS + " s; its stderr:\n"
                    + read(stderr)).isTrue();
            assertThat(process.exitValue()).as(() -> "chromium's exit code; its stderr:\n" + read(stderr)).isZero();
        } finally {
            // Chromium leaves zygote and GPU helpers behind if only the browser process is killed.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return Files.readString(stdout);
    }

    private static String chromiumBinary() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "chromium");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("Debian's chromium is not on the PATH; this test needs it (CI installs it): "
                + "apt-get install chromium");
    }

    /** The markup of one figure; figures do not nest. */
    private static String figure(String dom, String id) {
        Matcher matcher = Pattern.compile("<figure id=\"" + id + "\"[^>]*>(.*?)</figure>", Pattern.DOTALL)
                .matcher(dom);
        assertThat(matcher.find()).as("figure %s in the page", id).isTrue();
        return matcher.group(1);
    }

    /** Elements named tag whose class attribute has every one of the classes. */
    private static long count(String markup, String tag, String... classes) {
        Matcher matcher = Pattern.compile("<" + tag + "\\b[^>]*\\bclass=\"([^\"]*)\"").matcher(markup);
        return matcher.results()
                .map(match -> List.of(match.group(1).trim().split("\\s+")))
                .filter(names -> names.containsAll(List.of(classes)))
                .count();
    }

    /** The d attribute of every series line, in drawing order. */
    private static List<String> pathData(String markup) {
        return Pattern.compile("<path\\b[^>]*\\bclass=\"series\"[^>]*>").matcher(markup).results()
                .map(match -> {
                    Matcher d = Pattern.compile("\\bd=\"([^\"]*)\"").matcher(match.group());
                    assertThat(d.find()).as("a d attribute in %s", match.group()).isTrue();
                    return d.group(1);
                })
                .toList();
    }

    private static double firstX(String pathData) {
        Matcher move = Pattern.compile("^M([-0-9.]+),").matcher(pathData);
        assertThat(move.find()).as("path data starting with a move: %s", pathData).isTrue();
        return Double.parseDouble(move.group(1));
    }

    private static long pixelsNear(BufferedImage image, int rgb) {
        long near = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (close(image.getRGB(x, y), rgb)) {
                    near++;
                }
            }
        }
        return near;
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)) > 24) {
                return false;
            }
        }
        return true;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
