package io.streamtune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeenFilterTest {

    private static final long HORIZON = 60_000;

    private static long key(String id) {
        return SeenFilter.hash("spam", id);
    }

    @Test
    void shouldNeverReportAnAddedKeyAsAbsent() {
        SeenFilter filter = new SeenFilter(HORIZON, 64 * 1024);
        Random random = new Random(7);
        long[] keys = new long[50_000];
        long[] times = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = SeenFilter.hash("spam", Long.toHexString(random.nextLong()));
            times[i] = 1_000_000 + random.nextInt((int) HORIZON * 3);
            filter.add(keys[i], times[i]);
        }
        for (int i = 0; i < keys.length; i++) {
            assertThat(filter.mightContain(keys[i], times[i] - HORIZON, times[i] + HORIZON)).as("key " + i).isTrue();
            assertThat(filter.mightContain(keys[i], times[i], times[i])).as("key " + i).isTrue();
        }
    }

    @Test
    void shouldAnswerAlmostEveryNeverSeenIdWithoutTheStoreAtTheDocumentedLoad() {
        // dedup.filter.bytes promises under 1% false positives for half a million ids per horizon in 1 MiB.
        SeenFilter filter = new SeenFilter(HORIZON, 1024 * 1024);
        for (int i = 0; i < 500_000; i++) {
            filter.add(key("bench-" + i), 5_000);
        }
        int falsePositives = 0;
        for (int i = 500_000; i < 600_000; i++) {
            if (filter.mightContain(key("bench-" + i), 0, 5_000 + HORIZON)) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).isLessThan(1_000);
    }

    @Test
    void shouldLookOnlyInTheBucketsTheRangeTouches() {
        SeenFilter filter = new SeenFilter(HORIZON, 1024);
        filter.add(key("a"), 10);

        assertThat(filter.mightContain(key("a"), 0, HORIZON - 1)).isTrue();
        assertThat(filter.mightContain(key("a"), HORIZON, 3 * HORIZON)).isFalse();
    }

    @Test
    void shouldKeepBucketsTheStoreMayStillHoldAndDropOlderOnes() {
        SeenFilter filter = new SeenFilter(HORIZON, 1024);
        filter.add(key("old"), 10);
        // The store keeps two horizons behind stream time in segments of one horizon: at 3.5 horizons the first
        // horizon's keys may still be there, so the filter must still say "maybe" for them.
        filter.add(key("new"), 3 * HORIZON + HORIZON / 2);
        assertThat(filter.mightContain(key("old"), 0, HORIZON)).isTrue();

        filter.add(key("newer"), 6 * HORIZON);
        assertThat(filter.mightContain(key("old"), 0, HORIZON)).isFalse();
        assertThat(filter.bucketCount()).isEqualTo(2);

        // As old as that, the store refuses the key as expired: the filter does not take it either.
        filter.add(key("ancient"), 10);
        assertThat(filter.bucketCount()).isEqualTo(2);
    }

    @Test
    void shouldTellTasksApart() {
        SeenFilter filter = new SeenFilter(HORIZON, 1024 * 1024);
        filter.add(SeenFilter.hash("spam", "a"), 10);

        assertThat(filter.mightContain(SeenFilter.hash("digits", "a"), 0, HORIZON)).isFalse();
        assertThat(SeenFilter.hash("spam", "a")).isNotEqualTo(SeenFilter.hash("spam", "b"));
    }

    @Test
    void shouldStillFindEveryKeyWhenFarOverfull() {
        SeenFilter filter = new SeenFilter(HORIZON, 8);
        for (int i = 0; i < 1_000; i++) {
            filter.add(key("" + i), i);
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(filter.mightContain(key("" + i), 0, HORIZON)).isTrue();
        }
    }
}
