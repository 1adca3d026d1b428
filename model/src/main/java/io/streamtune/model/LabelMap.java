package io.streamtune.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The task's labels in a fixed order: index {@code i} of the classifier's output is {@code labels().get(i)}. */
public record LabelMap(List<String> labels) {

    public LabelMap {
        labels = List.copyOf(labels);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 labels, got " + labels);
        }
        if (labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("labels must be distinct, got " + labels);
        }
        if (labels.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("labels must not be blank, got " + labels);
        }
    }

    public static LabelMap of(String... labels) {
        return new LabelMap(List.of(labels));
    }

    public int size() {
        return labels.size();
    }

    public String label(int index) {
        return labels.get(index);
    }

    /** The index of a label; an unknown label is an error that names the known ones. */
    public int indexOf(String label) {
        int index = labels.indexOf(label);
        if (index < 0) {
            throw new IllegalArgumentException("unknown label '" + label + "', expected one of " + labels);
        }
        return index;
    }

    public Map<String, Integer> asMap() {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            map.put(labels.get(i), i);
        }
        return map;
    }
}
