package io.streamtune.launcher.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtune.model.LabeledText;
import io.streamtune.model.data.SpamAssassin.Email;
import io.streamtune.model.data.Split;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DomainSplitTest {

    private static final List<Email> CORPUS = FakeCorpus.emails(FakeCorpus.GROUPS);
    private static final DomainSplit.Sizes ALL = new DomainSplit.Sizes(10_000, 10_000, 10_000, 10_000);

    @Test
    void shouldStreamEachDomainFromItsOwnGroupsOnly() {
        // the control is what the old stream leaves of its pool: stream less than all of it
        ShiftData data = DomainSplit.DEFAULT.split(CORPUS, new DomainSplit.Sizes(100, 10_000, 10_000, 10_000));

        assertThat(groups(data.oldStream())).containsExactlyInAnyOrder("easy-ham-1", "spam-1");
        assertThat(groups(data.oldHeldOut())).containsExactlyInAnyOrder("easy-ham-1", "spam-1");
        assertThat(groups(data.control())).containsExactlyInAnyOrder("easy-ham-1", "spam-1");
        assertThat(groups(data.newStream())).containsExactlyInAnyOrder("easy-ham-2", "hard-ham-1", "spam-2");
        assertThat(groups(data.newHeldOut())).containsExactlyInAnyOrder("easy-ham-2", "hard-ham-1", "spam-2");
    }

    @Test
    void shouldNeverStreamAHeldOutOrControlEmail() {
        ShiftData data = DomainSplit.DEFAULT.split(CORPUS, new DomainSplit.Sizes(100, 100, 10_000, 10_000));

        Set<String> streamed = ids(Stream.concat(data.oldStream().stream(), data.newStream().stream()).toList());
        Set<String> heldOut = ids(Stream.concat(data.oldHeldOut().stream(), data.newHeldOut().stream()).toList());
        assertThat(streamed).hasSize(200).doesNotContainAnyElementsOf(heldOut)
                .doesNotContainAnyElementsOf(ids(data.control()));
        assertThat(streamed).allMatch(id -> Split.of(id) == Split.TRAIN);
        assertThat(heldOut).isNotEmpty().allMatch(id -> Split.of(id) == Split.TEST);
        assertThat(ids(data.control())).isNotEmpty().allMatch(id -> Split.of(id) == Split.TRAIN);
    }

    @Test
    void shouldDropAHeldOutEmailWhoseTextWasStreamedUnderAnotherId() {
        Email streamedOriginal = CORPUS.stream().filter(e -> e.group().equals("spam-1") && e.split() == Split.TRAIN)
                .findFirst().orElseThrow();
        Email testCopy = CORPUS.stream().filter(e -> e.group().equals("spam-1") && e.split() == Split.TEST)
                .findFirst().orElseThrow();
        List<Email> corpus = CORPUS.stream().map(e -> e.id().equals(testCopy.id())
                ? new Email(e.id(), e.group(), streamedOriginal.example()) : e).toList();

        ShiftData data = DomainSplit.DEFAULT.split(corpus, ALL);

        assertThat(data.oldStream()).contains(streamedOriginal.example());
        assertThat(data.oldHeldOut()).doesNotContain(streamedOriginal.example());
    }

    @Test
    void shouldSubsampleEachDomainKeepingItsLabelShares() {
        ShiftData data = DomainSplit.DEFAULT.split(CORPUS, new DomainSplit.Sizes(60, 50, 20, 30));

        assertThat(data.oldStream()).hasSize(60);
        assertThat(data.newStream()).hasSize(50);
        assertThat(data.oldHeldOut()).hasSize(20);
        assertThat(data.control()).hasSize(30);
        assertThat(spamCount(data.oldStream())).isCloseTo(60 * spamShare(Set.of("easy-ham-1", "spam-1")),
                within(1.0));
        assertThat(spamCount(data.newStream())).isCloseTo(
                50 * spamShare(Set.of("easy-ham-2", "hard-ham-1", "spam-2")), within(1.0));
    }

    @Test
    void shouldRefuseAGroupInBothDomainsOrMissingFromTheCorpus() {
        assertThatThrownBy(() -> new DomainSplit(Set.of("spam-1", "easy-ham-1"), Set.of("spam-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spam-1");
        assertThatThrownBy(() -> new DomainSplit(Set.of("easy-ham-1"), Set.of("spam-3")).split(CORPUS, ALL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spam-3");
    }

    /** The share of spam among the train-part emails of {@code groups}: what a stream subsample should keep. */
    private static double spamShare(Set<String> groups) {
        List<Email> pool = CORPUS.stream().filter(e -> groups.contains(e.group()) && e.split() == Split.TRAIN)
                .toList();
        return (double) pool.stream().filter(e -> e.example().label().equals("spam")).count() / pool.size();
    }

    private static double spamCount(List<LabeledText> examples) {
        return examples.stream().filter(e -> e.label().equals("spam")).count();
    }

    private static Set<String> groups(List<LabeledText> examples) {
        return examples.stream().map(e -> FakeCorpus.idOf(e).substring(0, FakeCorpus.idOf(e).indexOf('/')))
                .collect(Collectors.toSet());
    }

    private static Set<String> ids(List<LabeledText> examples) {
        return new HashSet<>(examples.stream().map(FakeCorpus::idOf).toList());
    }
}
