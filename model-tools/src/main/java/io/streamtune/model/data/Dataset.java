package io.streamtune.model.data;

import io.streamtune.model.LabelMap;
import io.streamtune.model.LabeledText;
import java.util.List;

/** A labeled dataset cut into its fixed train, validation and test parts. */
public record Dataset(String name, LabelMap labels, List<LabeledText> train, List<LabeledText> validation,
        List<LabeledText> test) {

    public Dataset {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /** At most {@code n} examples of each part (first ones in the dataset's fixed order), for quick runs. */
    public Dataset limit(int trainLimit, int testLimit) {
        return new Dataset(name, labels, train.subList(0, Math.min(trainLimit, train.size())),
                validation.subList(0, Math.min(testLimit, validation.size())),
                test.subList(0, Math.min(testLimit, test.size())));
    }
}
