package io.streamtune.launcher.demo;

import io.streamtune.model.LabeledText;
import io.streamtune.model.data.Dataset;
import io.streamtune.schemas.LabeledExample;
import io.streamtune.schemas.Split;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * What the demo's producer sends, in order: the dataset's train part (as {@code TRAIN}) and validation part (as
 * {@code VALIDATION}) shuffled together, with a share of deliberately bad records and of duplicates (producer
 * retries) mixed in. The test part is never sent: it is the held-out set. Deterministic for a seed.
 */
public final class ReplayPlan {

    /** What a record is meant to exercise. */
    public enum Kind {
        /** A valid example: accepted, then trained on or used for validation. */
        GOOD,
        /** A record the ingest service must dead-letter. */
        BAD,
        /** A resend of an earlier good example: dropped as a duplicate. */
        DUPLICATE
    }

    /** The deliberately bad records, in rotation, each with the reason the ingest service should give. */
    enum Defect {
        BLANK_TEXT, UNKNOWN_LABEL, MISSING_ID, UNKNOWN_TASK, UNKNOWN_MAGIC_BYTE, EVENT_TIME_IN_FUTURE
    }

    /**
     * One record to send.
     *
     * @param kind    what it exercises
     * @param key     record key
     * @param example the example (eventTime is set when sent), or null for raw bytes
     * @param raw     bytes that are not in the registry wire format, for {@link Defect#UNKNOWN_MAGIC_BYTE}
     * @param train   whether it is a good training example (whose freshness is measured)
     * @param source  index in the dataset part it came from ({@code train:12}), for the report; null for bad ones
     */
    public record Item(Kind kind, String key, LabeledExample example, byte[] raw, boolean train, String source) {}

    private final List<Item> items;
    private final int good;
    private final int bad;
    private final int duplicates;

    private ReplayPlan(List<Item> items) {
        this.items = List.copyOf(items);
        this.good = (int) items.stream().filter(i -> i.kind() == Kind.GOOD).count();
        this.bad = (int) items.stream().filter(i -> i.kind() == Kind.BAD).count();
        this.duplicates = items.size() - good - bad;
    }

    /**
     * @param dataset          the labeled data; its test part is left out
     * @param task             task name on every example
     * @param trainLimit       at most this many train examples (in the dataset's fixed order)
     * @param validationLimit  at most this many validation examples
     * @param badFraction      share of bad records among all records sent, 0..0.5
     * @param duplicateFraction share of duplicates among all records sent, 0..0.5
     * @param seed             shuffling and mixing seed
     */
    public static ReplayPlan of(Dataset dataset, String task, int trainLimit, int validationLimit,
            double badFraction, double duplicateFraction, long seed) {
        if (badFraction < 0 || badFraction > 0.5 || duplicateFraction < 0 || duplicateFraction > 0.5) {
            throw new IllegalArgumentException("bad and duplicate fractions must be within 0..0.5");
        }
        List<Item> good = new ArrayList<>();
        addPart(good, dataset.name(), "train", dataset.train(), trainLimit, Split.TRAIN, task);
        addPart(good, dataset.name(), "validation", dataset.validation(), validationLimit, Split.VALIDATION, task);
        Random random = new Random(seed);
        Collections.shuffle(good, random);

        List<Item> items = new ArrayList<>();
        List<Item> sentGood = new ArrayList<>();
        Defect[] defects = Defect.values();
        int defectCount = 0;
        for (Item item : good) {
            items.add(item);
            sentGood.add(item);
            // Each good record is followed by a bad one or a duplicate with the requested probability, so the
            // fractions hold over the whole stream, not just at its end.
            double roll = random.nextDouble() * (1 - badFraction - duplicateFraction);
            if (roll < badFraction) {
                items.add(bad(defects[defectCount % defects.length], defectCount, task, dataset, random));
                defectCount++;
            } else if (roll < badFraction + duplicateFraction) {
                Item original = sentGood.get(random.nextInt(sentGood.size()));
                items.add(new Item(Kind.DUPLICATE, original.key(),
                        LabeledExample.newBuilder(original.example()).build(), null, false, original.source()));
            }
        }
        return new ReplayPlan(items);
    }

    private static void addPart(List<Item> into, String dataset, String part, List<LabeledText> texts, int limit,
            Split split, String task) {
        for (int i = 0; i < Math.min(limit, texts.size()); i++) {
            String id = dataset + "/" + part + "/" + i;
            LabeledExample example = LabeledExample.newBuilder()
                    .setId(id).setTask(task).setText(texts.get(i).text()).setLabel(texts.get(i).label())
                    .setSource("streamtune-demo").setEventTime(Instant.EPOCH).setSplit(split).build();
            into.add(new Item(Kind.GOOD, id, example, null, split == Split.TRAIN, part + ":" + i));
        }
    }

    private static Item bad(Defect defect, int n, String task, Dataset dataset, Random random) {
        String id = "demo-bad/" + n + "-" + defect.name().toLowerCase();
        LabeledText text = dataset.train().get(random.nextInt(dataset.train().size()));
        LabeledExample.Builder example = LabeledExample.newBuilder()
                .setId(id).setTask(task).setText(text.text()).setLabel(text.label())
                .setSource("streamtune-demo").setEventTime(Instant.EPOCH).setSplit(Split.TRAIN);
        switch (defect) {
            case BLANK_TEXT -> example.setText("   ");
            case UNKNOWN_LABEL -> example.setLabel("phishing?");
            case MISSING_ID -> example.setId(null);
            case UNKNOWN_TASK -> example.setTask(task + "-typo");
            case EVENT_TIME_IN_FUTURE -> example.setEventTime(Instant.parse("2999-01-01T00:00:00Z"));
            case UNKNOWN_MAGIC_BYTE -> {
                return new Item(Kind.BAD, id, null,
                        ("{\"id\": \"" + id + "\", \"note\": \"JSON, not Avro\"}").getBytes(StandardCharsets.UTF_8),
                        false, null);
            }
            default -> throw new IllegalStateException("unhandled defect " + defect);
        }
        return new Item(Kind.BAD, id, example.build(), null, false, null);
    }

    /** The records, in sending order. */
    public List<Item> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public int good() {
        return good;
    }

    public int bad() {
        return bad;
    }

    public int duplicates() {
        return duplicates;
    }

    /** Good training examples (the ones trained on). */
    public long training() {
        return items.stream().filter(Item::train).count();
    }
}
