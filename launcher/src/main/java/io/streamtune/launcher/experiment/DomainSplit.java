package io.streamtune.launcher.experiment;

import io.streamtune.model.LabeledText;
import io.streamtune.model.data.SpamAssassin.Email;
import io.streamtune.model.data.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which corpus groups make the old domain and which the new one, and how the emails of each domain are cut into
 * the stream, the held-out slice and the control pool. An email's part is its fixed {@link Split}: only
 * {@code TRAIN} emails are ever streamed, held-out slices come from {@code TEST} and the stationary control from
 * {@code VALIDATION}, so no held-out or control email can enter the stream. Pure.
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
        return new ShiftData(
                Stratified.sample(part(emails, oldGroups, Split.TRAIN), sizes.oldStream()),
                Stratified.sample(part(emails, newGroups, Split.TRAIN), sizes.newStream()),
                Stratified.sample(part(emails, oldGroups, Split.TEST), sizes.heldOut()),
                Stratified.sample(part(emails, newGroups, Split.TEST), sizes.heldOut()),
                Stratified.sample(part(emails, oldGroups, Split.VALIDATION), sizes.control()));
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
     * @param control   old-domain emails for the stationary control window of the drift signals
     */
    public record Sizes(int oldStream, int newStream, int heldOut, int control) {

        public Sizes {
            if (oldStream < 1 || newStream < 1 || heldOut < 1 || control < 0) {
                throw new IllegalArgumentException("stream and held-out sizes must be >= 1, control >= 0");
            }
        }
    }
}
