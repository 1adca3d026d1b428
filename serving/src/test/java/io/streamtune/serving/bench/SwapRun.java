package io.streamtune.serving.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Promotions alternating between the two bench champions while two clients keep asking: the time from each
 * promotion's commit to the first answer by the new version, and a check of every answer against the probabilities
 * its named version gives (a mixed-version answer, or one from a half-loaded model, would not match).
 */
final class SwapRun {

    /** Texts the load asks, four per request. */
    static final int TEXTS = 8;
    private static final int PER_REQUEST = 4;
    private static final int CLIENTS = 2;
    /** Agreement between runtimes (DJL and ONNX Runtime) and between runs, far below the two versions' difference. */
    private static final double TOLERANCE = 1e-3;

    private final InferClient client;
    private final List<String> texts;
    private final Map<String, List<float[]>> expected;
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong mismatched = new AtomicLong();
    private final AtomicReference<Seen> latest = new AtomicReference<>(new Seen(null, 0L));
    private final AtomicBoolean stop = new AtomicBoolean();

    /** The newest answer: the version that gave it and when it arrived (epoch ms). */
    private record Seen(String version, long at) {}

    SwapRun(String serveUrl, List<String> emails, Map<String, List<float[]>> expected) {
        this.client = new InferClient(serveUrl, BenchChampions.TASK);
        this.texts = emails.subList(0, TEXTS);
        this.expected = expected;
    }

    void run(String bootstrap, String registryUrl, Path checkpointDir, int swaps) throws Exception {
        System.out.printf("largest probability difference between the two versions on the asked texts: %.4f%n",
                largestDifference(expected.get(BenchChampions.FIRST), expected.get(BenchChampions.SECOND)));
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int offset = i * PER_REQUEST;
            Thread thread = new Thread(() -> ask(offset), "swap-load-" + i);
            thread.start();
            clients.add(thread);
        }
        List<Long> swapMillis = new ArrayList<>();
        try (BenchChampions champions = new BenchChampions(checkpointDir, bootstrap, registryUrl)) {
            for (int i = 0; i < swaps; i++) {
                String target = i % 2 == 0 ? BenchChampions.SECOND : BenchChampions.FIRST;
                long committedAt = champions.promote(target);
                long deadline = committedAt + 120_000;
                while (true) {
                    Seen newest = latest.get();
                    if (target.equals(newest.version()) && newest.at() >= committedAt) {
                        swapMillis.add(newest.at() - committedAt);
                        break;
                    }
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("no answer from " + target + " 120 s after its promotion");
                    }
                    Thread.sleep(5);
                }
                System.out.printf("swap %d to %s: first answer %d ms after the promotion's commit%n", i + 1, target,
                        swapMillis.get(swapMillis.size() - 1));
                Thread.sleep(1000);
            }
        } finally {
            stop.set(true);
            for (Thread thread : clients) {
                thread.join();
            }
        }
        List<Long> sorted = new ArrayList<>(swapMillis);
        sorted.sort(Long::compare);
        System.out.printf("swaps %d: latency p50 %d ms, max %d ms; %s%n", swaps, sorted.get((sorted.size() - 1) / 2),
                sorted.get(sorted.size() - 1), String.format("answers %d, failed %d, mixed or mismatched %d",
                        answers.get(), failed.get(), mismatched.get()));
    }

    private void ask(int offset) {
        List<String> asked = texts.subList(offset, offset + PER_REQUEST);
        while (!stop.get()) {
            try {
                InferClient.Answer answer = client.infer(asked);
                long at = System.currentTimeMillis();
                List<float[]> versionRows = answer.version() == null ? null : expected.get(answer.version());
                if (answer.status() != 200 || versionRows == null) {
                    failed.incrementAndGet();
                    continue;
                }
                answers.incrementAndGet();
                if (largestDifference(answer.probabilities(), versionRows.subList(offset, offset + PER_REQUEST))
                        > TOLERANCE) {
                    mismatched.incrementAndGet();
                }
                latest.accumulateAndGet(new Seen(answer.version(), at), (old, fresh) -> fresh.at() >= old.at() ? fresh
                        : old);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
    }

    private static double largestDifference(List<float[]> a, List<float[]> b) {
        if (a.size() != b.size()) {
            return Double.POSITIVE_INFINITY;
        }
        double largest = 0;
        for (int row = 0; row < a.size(); row++) {
            for (int i = 0; i < a.get(row).length; i++) {
                largest = Math.max(largest, Math.abs(a.get(row)[i] - b.get(row)[i]));
            }
        }
        return largest;
    }
}
