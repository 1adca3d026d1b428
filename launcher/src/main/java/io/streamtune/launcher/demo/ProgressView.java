package io.streamtune.launcher.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's terminal: events (evaluations, promotions, warnings) as lines that stay, and below them a status block
 * with progress bars that is redrawn in place on a terminal, or printed every {@code plainEvery} samples when the
 * output is a file or a pipe.
 */
public final class ProgressView {

    private static final int BAR = 28;

    private final PrintWriter out;
    private final boolean interactive;
    private final int plainEvery;
    private int drawnLines;
    private int samplesSincePlain;

    /**
     * @param interactive redraw in place with ANSI escapes (a terminal) rather than printing blocks
     * @param plainEvery  in plain mode, print the block every this many updates
     */
    public ProgressView(PrintWriter out, boolean interactive, int plainEvery) {
        this.out = out;
        this.interactive = interactive;
        this.plainEvery = Math.max(1, plainEvery);
    }

    /** A line that stays (printed above the status block). */
    public synchronized void event(String line) {
        clear();
        out.println(line);
        out.flush();
    }

    /** Shows the latest status. */
    public synchronized void status(Status status) {
        List<String> lines = render(status);
        if (interactive) {
            clear();
            lines.forEach(out::println);
            drawnLines = lines.size();
        } else if (++samplesSincePlain >= plainEvery) {
            samplesSincePlain = 0;
            lines.forEach(out::println);
            out.println();
        }
        out.flush();
    }

    private void clear() {
        if (interactive && drawnLines > 0) {
            // Up to the first line of the block, then clear to the end of the screen.
            out.print("\033[" + drawnLines + "F\033[J");
            drawnLines = 0;
        }
    }

    /**
     * What the status block shows.
     *
     * @param elapsedSeconds since the replay started
     * @param limitSeconds   when the demo stops at the latest
     * @param planned        records the replay will send in all
     * @param sample         the latest observation
     * @param sentByKind     records sent by kind
     * @param evaluations    evaluations so far
     * @param promotions     promotions so far
     * @param champion       champion description, or null
     * @param fresh          training examples that reached an evaluated checkpoint
     * @param training       training examples sent
     * @param serving        what the served champion answers, one line
     */
    public record Status(double elapsedSeconds, double limitSeconds, long planned, RunRecord.Sample sample,
            Map<String, Long> sentByKind, int evaluations, int promotions, String champion, long fresh,
            long training, String serving) {}

    static List<String> render(Status s) {
        RunRecord.Sample sample = s.sample();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("time      %s %s / %s", bar(s.elapsedSeconds(), s.limitSeconds()),
                clock(s.elapsedSeconds()), clock(s.limitSeconds())));
        lines.add(String.format("produced  %s %,d / %,d  (%s)", bar(sample.produced(), s.planned()),
                sample.produced(), s.planned(), s.sentByKind().entrySet().stream()
                        .map(e -> e.getKey() + " " + String.format("%,d", e.getValue()))
                        .collect(Collectors.joining(", "))));
        lines.add(String.format("ingest    accepted %,d · dead-lettered %,d · duplicates %,d · shards %,d",
                sample.accepted(), sample.deadLettered(), sample.duplicates(), sample.shards()));
        lines.add(String.format("trainer   %,d examples trained (replay included) · loss %s · %s examples/s",
                sample.examplesTrained(), number(sample.trainLoss(), "%.4f"),
                number(sample.examplesPerSecond(), "%.1f")));
        lines.add(String.format("evaluated %s %,d of %,d training examples in an evaluated checkpoint",
                bar(s.fresh(), s.training()), s.fresh(), s.training()));
        lines.add(String.format("evaluator %d evaluations · %d promotions · champion %s", s.evaluations(),
                s.promotions(), s.champion() == null ? "base model" : s.champion()));
        lines.add("serving   " + s.serving());
        lines.add("lag       " + (sample.lagByGroup().isEmpty() ? "-" : sample.lagByGroup().entrySet().stream()
                .map(e -> e.getKey() + " " + String.format("%,d", e.getValue())).collect(Collectors.joining(" · "))));
        return lines;
    }

    static String bar(double done, double total) {
        double fraction = total <= 0 ? 0 : Math.max(0, Math.min(1, done / total));
        int full = (int) Math.round(fraction * BAR);
        return "[" + "#".repeat(full) + ".".repeat(BAR - full) + String.format("] %3.0f%%", fraction * 100);
    }

    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format("%d:%02d", s / 60, s % 60);
    }

    private static String number(double value, String format) {
        return Double.isNaN(value) ? "-" : String.format(format, value);
    }
}
