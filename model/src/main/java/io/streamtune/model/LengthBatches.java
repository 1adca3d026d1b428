package io.streamtune.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Scores tokenized texts in batches of similar length: the rows are sorted by their real token count, cut into
 * batches each padded to its own longest row, and the answers are put back in the input order. On real, mixed-length
 * text (emails from a few words to the maximum) this spends little on padding; on texts of one length it changes
 * nothing. The DJL classifier scores this way, and the evaluation benchmark gives ONNX Runtime the same batches.
 */
public final class LengthBatches {

    private LengthBatches() {}

    /**
     * One row per input row, in the input order.
     *
     * @param tokens    every text, tokenized
     * @param batchSize rows per call of {@code scorer}
     * @param scorer    answers one batch, one row per batch row in the batch's order
     */
    public static List<float[]> score(TextTokenizer.Tokens tokens, int batchSize,
            Function<TextTokenizer.Tokens, List<float[]>> scorer) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        int[] lengths = IntStream.range(0, tokens.batch()).map(tokens::realLength).toArray();
        // A stable sort: rows of equal length keep their input order.
        int[] order = IntStream.range(0, tokens.batch()).boxed()
                .sorted(Comparator.comparingInt(row -> lengths[row])).mapToInt(Integer::intValue).toArray();
        float[][] answers = new float[tokens.batch()][];
        for (int start = 0; start < order.length; start += batchSize) {
            int[] rows = Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize));
            List<float[]> batch = scorer.apply(tokens.select(rows));
            if (batch.size() != rows.length) {
                throw new IllegalStateException("a batch of " + rows.length + " rows got " + batch.size()
                        + " answers");
            }
            for (int i = 0; i < rows.length; i++) {
                answers[rows[i]] = batch.get(i);
            }
        }
        return new ArrayList<>(Arrays.asList(answers));
    }
}
