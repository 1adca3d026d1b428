package io.streamtune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LengthBatchesTest {

    /** Five rows padded to 4 tokens with real lengths 4, 1, 3, 1, 2; each id is row * 10 + position. */
    private static TextTokenizer.Tokens tokens() {
        int[] lengths = {4, 1, 3, 1, 2};
        long[] ids = new long[20];
        long[] mask = new long[20];
        long[] types = new long[20];
        for (int row = 0; row < 5; row++) {
            for (int t = 0; t < lengths[row]; t++) {
                ids[row * 4 + t] = row * 10 + t;
                mask[row * 4 + t] = 1;
            }
        }
        return new TextTokenizer.Tokens(ids, mask, types, 5, 4);
    }

    @Test
    void shouldBatchRowsByLengthAndAnswerInTheInputOrder() {
        List<String> batches = new ArrayList<>();
        List<float[]> answers = LengthBatches.score(tokens(), 2, batch -> {
            List<float[]> rows = new ArrayList<>();
            StringBuilder seen = new StringBuilder("width " + batch.length() + ":");
            for (int i = 0; i < batch.batch(); i++) {
                // The row's first id names it: row * 10.
                rows.add(new float[] {batch.ids()[i * batch.length()] / 10f});
                seen.append(' ').append(batch.ids()[i * batch.length()] / 10);
            }
            batches.add(seen.toString());
            return rows;
        });

        // Lengths 1, 1 (rows 1, 3: input order kept), then 2, 3 (rows 4, 2), then 4 (row 0).
        assertThat(batches).containsExactly("width 1: 1 3", "width 3: 4 2", "width 4: 0");
        assertThat(answers).extracting(row -> row[0]).containsExactly(0f, 1f, 2f, 3f, 4f);
    }

    @Test
    void shouldSelectRowsPaddedToTheLongestOfThem() {
        TextTokenizer.Tokens selected = tokens().select(new int[] {4, 1});

        assertThat(selected.batch()).isEqualTo(2);
        assertThat(selected.length()).isEqualTo(2);
        assertThat(selected.ids()).containsExactly(40, 41, 10, 0);
        assertThat(selected.mask()).containsExactly(1, 1, 1, 0);
        assertThat(selected.realLength(0)).isEqualTo(2);
    }

    @Test
    void shouldRefuseABatcherThatLosesRows() {
        assertThatThrownBy(() -> LengthBatches.score(tokens(), 2, batch -> List.of(new float[1])))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a batch of 2 rows got 1 answers");
    }

    @Test
    void shouldRefuseABatchSizeBelowOne() {
        assertThatThrownBy(() -> LengthBatches.score(tokens(), 0, batch -> List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize must be >= 1");
    }
}
