package io.streamtune.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A classifier's tokenizer: {@code tokenizer.json}, truncation to {@code maxLength} and padding to the longest
 * text of a batch. The DJL classifier and runtimes that score an exported model (ONNX Runtime) share it, so both
 * see the same tokens. Owns a native tokenizer: close it.
 */
public final class TextTokenizer implements AutoCloseable {

    /**
     * Token ids, attention mask and token-type ids of a batch, each row-major {@code (batch, length)}.
     */
    public record Tokens(long[] ids, long[] mask, long[] types, int batch, int length) {

        /** Real tokens of row {@code row}: its attention mask's ones (padding is on the right). */
        public int realLength(int row) {
            int count = 0;
            for (int i = row * length, end = i + length; i < end; i++) {
                count += (int) mask[i];
            }
            return count;
        }

        /** The rows {@code rows}, in that order, padded to the longest of them only. */
        public Tokens select(int[] rows) {
            int width = 0;
            for (int row : rows) {
                width = Math.max(width, realLength(row));
            }
            long[] selectedIds = new long[rows.length * width];
            long[] selectedMask = new long[rows.length * width];
            long[] selectedTypes = new long[rows.length * width];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(ids, rows[i] * length, selectedIds, i * width, width);
                System.arraycopy(mask, rows[i] * length, selectedMask, i * width, width);
                System.arraycopy(types, rows[i] * length, selectedTypes, i * width, width);
            }
            return new Tokens(selectedIds, selectedMask, selectedTypes, rows.length, width);
        }
    }

    private final HuggingFaceTokenizer tokenizer;

    public TextTokenizer(byte[] tokenizerJson, int maxLength) {
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), Map.of(
                    "maxLength", Integer.toString(maxLength), "truncation", "true", "padding", "true"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer.json", e);
        }
    }

    /** Tokenizes, truncates to {@code maxLength} and pads to the longest text. */
    public Tokens encode(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int batch = encodings.length;
        int length = encodings[0].getIds().length;
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(encodings[i].getIds(), 0, ids, i * length, length);
            System.arraycopy(encodings[i].getAttentionMask(), 0, mask, i * length, length);
            System.arraycopy(encodings[i].getTypeIds(), 0, types, i * length, length);
        }
        return new Tokens(ids, mask, types, batch, length);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
