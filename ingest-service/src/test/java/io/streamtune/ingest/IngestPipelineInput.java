package io.streamtune.ingest;

import io.streamtune.common.kafka.Topics;
import io.streamtune.registry.RegistrySerdes;
import io.streamtune.schemas.LabeledExample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The input of {@link IngestPipelineIT}: good examples, exact re-sends of some (producer retries), invalid
 * examples and raw garbage, shuffled with a fixed seed.
 */
final class IngestPipelineInput {

    static final int GOOD = 8_000;
    static final int DUPLICATES = 1_000;
    static final int INVALID = 600;
    static final int GARBAGE = 400;
    static final int TOTAL = GOOD + DUPLICATES + INVALID + GARBAGE;
    private static final String[] HAM = {"Meeting moved to Thursday, agenda attached.",
        "Can you review the patch for the build failure before the release?",
        "Lunch tomorrow? The new place near the office has good reviews."};
    private static final String[] SPAM = {"WIN a FREE cruise now!!! Click here to claim your prize",
        "Cheap meds, no prescription needed, discreet shipping worldwide",
        "Your account was selected for a $1,000,000 reward, reply with your bank details"};

    private IngestPipelineInput() {
    }

    /** All {@link #TOTAL} records in producing order, each duplicate after its original. */
    static List<ProducerRecord<String, byte[]>> mixed(Map<String, Object> registryConfig) {
        Random random = new Random(42);
        Serializer<LabeledExample> serializer =
                RegistrySerdes.specific(LabeledExample.class, registryConfig, false).serializer();
        String topic = Topics.EXAMPLES.name();
        Instant now = Instant.now();
        List<ProducerRecord<String, byte[]>> good = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            boolean spam = random.nextInt(3) == 0;
            String[] texts = spam ? SPAM : HAM;
            // Mostly short texts, one in ten long, so that shards close by count and by bytes.
            int repeats = random.nextInt(10) == 0 ? 40 + random.nextInt(20) : 1 + random.nextInt(3);
            String text = (texts[random.nextInt(texts.length)] + " ").repeat(repeats);
            LabeledExample example = LabeledExample.newBuilder().setId("good-" + i).setTask("spam").setText(text)
                    .setLabel(spam ? "spam" : "ham").setEventTime(now).setSource("it").build();
            good.add(new ProducerRecord<>(topic, example.getId(), serializer.serialize(topic, example)));
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(good);
        for (int i = 0; i < DUPLICATES; i++) {
            records.add(good.get(random.nextInt(GOOD / 2))); // ids from the first half: before and after restart
        }
        for (int i = 0; i < INVALID; i++) {
            LabeledExample.Builder bad = LabeledExample.newBuilder().setId("bad-" + i).setTask("spam")
                    .setText("some text").setLabel("ham").setEventTime(now);
            switch (i % 6) {
                case 0 -> bad.setId(" ");
                case 1 -> bad.setTask("sentiment");
                case 2 -> bad.setText("");
                case 3 -> bad.setLabel("eggs");
                case 4 -> bad.setText("x".repeat(5001));
                default -> bad.setEventTime(now.plus(Duration.ofHours(1)));
            }
            records.add(new ProducerRecord<>(topic, "bad-" + i, serializer.serialize(topic, bad.build())));
        }
        for (int i = 0; i < GARBAGE; i++) {
            byte[] junk = new byte[1 + random.nextInt(64)];
            random.nextBytes(junk);
            junk[0] = i % 2 == 0 ? 0 : junk[0]; // half look like the wire format, with a bogus schema id
            records.add(new ProducerRecord<>(topic, "junk-" + i, junk));
        }
        // Shuffle, then put each duplicate after its original so "first seen" is the original.
        Collections.shuffle(records, random);
        return orderDuplicatesAfterOriginals(records);
    }

    private static List<ProducerRecord<String, byte[]>> orderDuplicatesAfterOriginals(
            List<ProducerRecord<String, byte[]>> records) {
        Set<String> seen = new HashSet<>();
        List<ProducerRecord<String, byte[]>> ordered = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> repeats = new ArrayList<>();
        for (ProducerRecord<String, byte[]> record : records) {
            (seen.add(record.key()) ? ordered : repeats).add(record);
        }
        // Repeats go in at random later positions of the same list, keeping the first half / second half split.
        Random random = new Random(7);
        for (ProducerRecord<String, byte[]> repeat : repeats) {
            int original = indexOfKey(ordered, repeat.key());
            ordered.add(original + 1 + random.nextInt(ordered.size() - original), repeat);
        }
        return ordered;
    }

    private static int indexOfKey(List<ProducerRecord<String, byte[]>> records, String key) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).key().equals(key)) {
                return i;
            }
        }
        throw new IllegalStateException("no record with key " + key);
    }
}
