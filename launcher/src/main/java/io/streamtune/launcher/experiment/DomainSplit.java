package io.streamtune.launcher.experiment;

import io.streamtune.model.LabeledText;
import io.streamtune.model.data.SpamAssassin.Email;
import io.streamtune.model.data.Split;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which corpus groups make the old domain and which the new one, and how the emails of each domain are cut into
 * the stream, the held-out slice and the control pool. An email's part is its fixed {@link Split}: only
 * {@code TRAIN} emails are ever streamed and held-out slices come from {@code TEST}, so no held-out email can enter
 * the stream; the stationary control of the drift signals is the old domain's {@code TRAIN} emails left out of the
 * stream's subsample. Pure.
 *
 * @param oldGroups groups streamed first
 * @param newGroups groups streamed second
 */
public record DomainSplit(Set<String> oldGroups, Set<String> newGroups) {

    /** Old: easy ham 1 and the first spam collection; new: the later easy ham, hard ham and the second spam. */
    public static final DomainSplit DEFAULT = new DomainSplit(Set.of("easy-ham-1", "spam-1"),
            Set.of("easy-ham-2", "hard-ham-1", "spam-2"));

    public DomainSplit {
        oldGroups = Set.copyOf(new TreeSet<>(oldGroups));
        newGroups = Set.copyOf(new TreeSet<>(newGroups));
        if (oldGroups.isEmpty() || newGroups.isEmpty()) {
            throw new IllegalArgumentException("both domains need at least one group");
        }
        Set<String> both = new TreeSet<>(oldGroups);
        both.retainAll(newGroups);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("groups " + both + " are in both domains");
        }
    }

    /**
     * The two domains of {@code emails}, subsampled (stratified by label, in corpus order) to the given sizes.
     *
     * @throws IllegalArgumentException when a group is not in the corpus, or a domain has no email of some part
     */
    public ShiftData split(List<Email> emails, Sizes sizes) {
        Set<String> present = new TreeSet<>();
        emails.forEach(email -> present.add(email.group()));
        for (Set<String> groups : List.of(oldGroups, newGroups)) {
            Set<String> missing = new TreeSet<>(groups);
            missing.removeAll(present);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("groups " + missing + " are not in the corpus (it has "
                        + present + ")");
            }
        }
        List<LabeledText> oldTrain = part(emails, oldGroups, Split.TRAIN);
        List<LabeledText> oldStream = Stratified.sample(oldTrain, sizes.oldStream());
        // The old domain continued: its train-part emails that were not sampled into the stream.
        List<LabeledText> notStreamed = new ArrayList<>(oldTrain);
        notStreamed.removeAll(Set.copyOf(oldStream));
        List<LabeledText> newStream = Stratified.sample(part(emails, newGroups, Split.TRAIN), sizes.newStream());
        // The corpus holds a few identical emails under different ids: a held-out copy of a streamed one is dropped.
        Set<String> streamedTexts = new HashSet<>();
        oldStream.forEach(example -> streamedTexts.add(example.text()));
        newStream.forEach(example -> streamedTexts.add(example.text()));
        return new ShiftData(oldStream, newStream,
                Stratified.sample(unseen(part(emails, oldGroups, Split.TEST), streamedTexts), sizes.heldOut()),
                Stratified.sample(unseen(part(emails, newGroups, Split.TEST), streamedTexts), sizes.heldOut()),
                Stratified.sample(notStreamed, sizes.control()));
    }

    private static List<LabeledText> unseen(List<LabeledText> examples, Set<String> streamedTexts) {
        return examples.stream().filter(example -> !streamedTexts.contains(example.text())).toList();
    }

    private static List<LabeledText> part(List<Email> emails, Set<String> groups, Split split) {
        List<LabeledText> part = new ArrayList<>();
        for (Email email : emails) {
            if (groups.contains(email.group()) && email.split() == split) {
                part.add(email.example());
            }
        }
        if (part.isEmpty()) {
            throw new IllegalArgumentException("groups " + groups + " have no " + split + " email");
        }
        return part;
    }

    /**
     * How many emails to take of each kind (at most; a smaller pool gives all it has).
     *
     * @param oldStream emails of the old domain streamed first
     * @param newStream emails of the new domain streamed second
     * @param heldOut   held-out emails scored per domain
     * @param control   old-domain emails never streamed, for the stationary control of the drift signals
     */
    public record Sizes(int oldStream, int newStream, int heldOut, int control) {

        public Sizes {
            if (oldStream < 1 || newStream < 1 || heldOut < 1 || control < 0) {
                throw new IllegalArgumentException("stream and held-out sizes must be >= 1, control >= 0");
            }
        }
    }
}
