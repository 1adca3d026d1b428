package io.streamtune.launcher.experiment;

import io.streamtune.model.LabeledText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Stratified subsamples that keep the order of the pool they come from. Pure. */
final class Stratified {

    private Stratified() {
    }

    /**
     * At most {@code n} examples of {@code pool} with each label's share of the pool (largest remainders get the
     * rounding), the first ones of each label in pool order, returned in pool order. The whole pool when it holds
     * {@code n} or fewer.
     */
    static List<LabeledText> sample(List<LabeledText> pool, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("sample size must be >= 0, got " + n);
        }
        if (pool.size() <= n) {
            return List.copyOf(pool);
        }
        Map<String, Integer> quota = quotas(countByLabel(pool), pool.size(), n);
        List<LabeledText> sample = new ArrayList<>(n);
        for (LabeledText example : pool) {
            int left = quota.get(example.label());
            if (left > 0) {
                sample.add(example);
                quota.put(example.label(), left - 1);
            }
        }
        return List.copyOf(sample);
    }

    /** Examples per label, labels in sorted order. */
    static Map<String, Integer> countByLabel(List<LabeledText> examples) {
        Map<String, Integer> counts = new TreeMap<>();
        examples.forEach(example -> counts.merge(example.label(), 1, Integer::sum));
        return counts;
    }

    private static Map<String, Integer> quotas(Map<String, Integer> counts, int total, int n) {
        Map<String, Integer> quota = new LinkedHashMap<>();
        Map<String, Double> remainder = new LinkedHashMap<>();
        int given = 0;
        for (Map.Entry<String, Integer> label : counts.entrySet()) {
            double exact = (double) n * label.getValue() / total;
            quota.put(label.getKey(), (int) Math.floor(exact));
            remainder.put(label.getKey(), exact - Math.floor(exact));
            given += (int) Math.floor(exact);
        }
        List<String> byRemainder = new ArrayList<>(remainder.keySet());
        byRemainder.sort((a, b) -> Double.compare(remainder.get(b), remainder.get(a)));
        for (int i = 0; i < n - given; i++) {
            quota.merge(byRemainder.get(i), 1, Integer::sum);
        }
        return quota;
    }
}
