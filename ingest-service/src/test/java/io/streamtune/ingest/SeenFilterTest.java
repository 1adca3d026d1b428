package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeenFilterTest {

    private static final long HORIZON = 60_000;

    @Test
    void shouldNeverReportAnAddedKeyAsAbsent() {
        SeenFilter filter = new SeenFilter(HORIZON, 64 * 1024);
        Random random = new Random(7);
        String[] keys = new String[50_000];
        long[] times = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "spam/" + Long.toHexString(random.nextLong());
            times[i] = 1_000_000 + random.nextInt((int) HORIZON * 3);
            filter.add(keys[i], times[i]);
        }
        for (int i = 0; i < keys.length; i++) {
            assertThat(filter.mightContain(keys[i], times[i] - HORIZON, times[i] + HORIZON)).as(keys[i]).isTrue();
            assertThat(filter.mightContain(keys[i], times[i], times[i])).as(keys[i]).isTrue();
        }
    }

    @Test
    void shouldAnswerAlmostEveryNeverSeenIdWithoutTheStoreAtTheDocumentedLoad() {
        // dedup.filter.bytes promises under 1% false positives for half a million ids per horizon in 1 MiB.
        SeenFilter filter = new SeenFilter(HORIZON, 1024 * 1024);
        for (int i = 0; i < 500_000; i++) {
            filter.add("spam/bench-" + i, 5_000);
        }
        int falsePositives = 0;
        for (int i = 500_000; i < 600_000; i++) {
            if (filter.mightContain("spam/bench-" + i, 0, 5_000 + HORIZON)) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).isLessThan(1_000);
    }

    @Test
    void shouldLookOnlyInTheBucketsTheRangeTouches() {
        SeenFilter filter = new SeenFilter(HORIZON, 1024);
        filter.add("spam/a", 10);

        assertThat(filter.mightContain("spam/a", 0, HORIZON - 1)).isTrue();
        assertThat(filter.mightContain("spam/a", HORIZON, 3 * HORIZON)).isFalse();
    }

    @Test
    void shouldKeepBucketsTheStoreMayStillHoldAndDropOlderOnes() {
        SeenFilter filter = new SeenFilter(HORIZON, 1024);
        filter.add("spam/old", 10);
        // The store keeps two horizons behind stream time in segments of one horizon: at 3.5 horizons the first
        // horizon's keys may still be there, so the filter must still say "maybe" for them.
        filter.add("spam/new", 3 * HORIZON + HORIZON / 2);
        assertThat(filter.mightContain("spam/old", 0, HORIZON)).isTrue();

        filter.add("spam/newer", 6 * HORIZON);
        assertThat(filter.mightContain("spam/old", 0, HORIZON)).isFalse();
        assertThat(filter.bucketCount()).isEqualTo(2);

        // As old as that, the store refuses the key as expired: the filter does not take it either.
        filter.add("spam/ancient", 10);
        assertThat(filter.bucketCount()).isEqualTo(2);
    }

    @Test
    void shouldStillFindEveryKeyWhenFarOverfull() {
        SeenFilter filter = new SeenFilter(HORIZON, 8);
        for (int i = 0; i < 1_000; i++) {
            filter.add("spam/" + i, i);
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(filter.mightContain("spam/" + i, 0, HORIZON)).isTrue();
        }
    }
}
