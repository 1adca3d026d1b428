package io.streamtune.trainer.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which checkpoints of a task to keep; pure, so tests drive it directly. Kept: the champion, the last
 * {@code champions} champions before it (rollback targets), the {@code newest} checkpoints, and every checkpoint
 * still waiting for its evaluation. Everything else of the task is deleted. A folder whose name is not a
 * checkpoint id of the task ({@code <task>/<12-digit step>-<8 hex>}, see {@link TaskSession}) is never touched:
 * retention only deletes what it understands.
 */
public record RetentionPolicy(int newest, int champions) {

    private static final Pattern ID = Pattern.compile("([0-9]{12})-[0-9a-f]{8}");

    public RetentionPolicy {
        if (newest < 1 || champions < 0) {
            throw new IllegalArgumentException("keep at least the newest checkpoint and >= 0 past champions, got "
                    + "newest=" + newest + ", champions=" + champions);
        }
    }

    /**
     * @param task       whose checkpoints to consider; the store's other folders are left alone
     * @param stored     every committed checkpoint in the store
     * @param protection what the topics say must stay
     */
    public RetentionPlan plan(String task, Collection<String> stored, ProtectedCheckpoints protection) {
        List<Stored> ofTask = stored.stream().map(location -> parse(task, location)).filter(s -> s != null)
                .sorted(Comparator.comparingLong(Stored::step).thenComparing(Stored::location).reversed()).toList();
        Set<String> newestKept = ofTask.stream().limit(newest).map(Stored::location).collect(Collectors.toSet());
        // One more than N: a promotion whose event was not read yet (its evaluation was) is then still covered.
        Set<String> championsKept = new HashSet<>(protection.recentChampions().stream().limit(champions + 1L)
                .toList());
        if (protection.champion() != null) {
            championsKept.add(protection.champion());
        }
        Stored resumeFrom = protection.resumeFrom() == null ? null : parse(task, protection.resumeFrom());
        List<RetentionPlan.Deletion> delete = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        for (Stored checkpoint : ofTask) {
            String location = checkpoint.location();
            if (newestKept.contains(location) || championsKept.contains(location)
                    || protection.pending().contains(location)) {
                if (resumeFrom != null && checkpoint.step() < resumeFrom.step()) {
                    drop.add(location);
                }
            } else {
                delete.add(new RetentionPlan.Deletion(location, why(protection, location)));
            }
        }
        return new RetentionPlan(delete, drop);
    }

    /**
     * Announced checkpoints the evaluator has not judged yet: those after the last one it evaluated (it judges a
     * task's checkpoints in order). With no evaluation, or one of a checkpoint not in {@code committedSteps}, every
     * checkpoint counts as pending: retention errs on keeping.
     *
     * @param committedSteps global step of each committed checkpoint of the task, by location
     * @param lastEvaluated  location of the newest checkpoint of the task with an evaluation, or {@code null}
     */
    public static Set<String> pending(Map<String, Long> committedSteps, String lastEvaluated) {
        Long evaluatedStep = lastEvaluated == null ? null : committedSteps.get(lastEvaluated);
        if (evaluatedStep == null) {
            return Set.copyOf(committedSteps.keySet());
        }
        return committedSteps.entrySet().stream().filter(e -> e.getValue() > evaluatedStep).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    private String why(ProtectedCheckpoints protection, String location) {
        String older = "older than the newest " + newest + ", already evaluated";
        return protection.recentChampions().contains(location)
                ? older + ", champion before the last " + champions + " champion(s)"
                : older + ", not one of the last " + (champions + 1) + " champion(s)";
    }

    private static Stored parse(String task, String location) {
        String prefix = task + "/";
        if (!location.startsWith(prefix)) {
            return null;
        }
        Matcher matcher = ID.matcher(location.substring(prefix.length()));
        return matcher.matches() ? new Stored(location, Long.parseLong(matcher.group(1))) : null;
    }

    private record Stored(String location, long step) {
    }
}
