package io.streamtune.common.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads consumer lag through the admin API: per group and partition, the committed offset, the end offset and
 * the difference. Partitions that a group is assigned or has committed on in some partition of the same topic,
 * but has never committed on, are included with no committed offset and the whole partition as lag.
 */
public final class ConsumerLag {

    /** Lag of one group on one partition; {@code committed} is -1 when the group never committed there. */
    public record PartitionLag(String group, String topic, int partition, long committed, long endOffset) {

        /** Records the group has not yet consumed (end offset when nothing was ever committed). */
        public long lag() {
            return committed < 0 ? endOffset : Math.max(0, endOffset - committed);
        }
    }

    private final Admin admin;

    public ConsumerLag(Admin admin) {
        this.admin = admin;
    }

    /** Names of every consumer group the cluster knows (classic or new protocol), sorted. */
    public List<String> groups() throws InterruptedException {
        try {
            return admin.listGroups().all().get().stream()
                    .filter(g -> g.type().map(t -> t == GroupType.CLASSIC || t == GroupType.CONSUMER).orElse(true))
                    .map(GroupListing::groupId).sorted().toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list consumer groups: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Lag of each of {@code groups}, sorted by group, topic and partition. */
    public List<PartitionLag> lag(Collection<String> groups) throws InterruptedException {
        try {
            Map<String, ConsumerGroupDescription> descriptions = admin.describeConsumerGroups(groups).all().get();
            Map<String, Map<TopicPartition, Long>> committedByGroup = new HashMap<>();
            Set<TopicPartition> partitions = new HashSet<>();
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> committed = new HashMap<>();
                offsets.forEach((tp, om) -> committed.put(tp, om == null ? -1 : om.offset()));
                ConsumerGroupDescription description = descriptions.get(group);
                if (description != null) {
                    for (MemberDescription member : description.members()) {
                        member.assignment().topicPartitions().forEach(tp -> committed.putIfAbsent(tp, -1L));
                    }
                }
                committedByGroup.put(group, committed);
                partitions.addAll(committed.keySet());
            }
            addSiblingPartitions(committedByGroup, partitions);

            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(request).all().get();

            List<PartitionLag> result = new ArrayList<>();
            committedByGroup.forEach((group, committed) -> committed.forEach((tp, offset) -> {
                ListOffsetsResult.ListOffsetsResultInfo end = ends.get(tp);
                result.add(new PartitionLag(group, tp.topic(), tp.partition(), offset,
                        end == null ? 0 : end.offset()));
            }));
            result.sort(Comparator.comparing(PartitionLag::group).thenComparing(PartitionLag::topic)
                    .thenComparingInt(PartitionLag::partition));
            return result;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read consumer lag: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** A group that consumes a topic owes every partition of it, including those it never committed on. */
    private void addSiblingPartitions(Map<String, Map<TopicPartition, Long>> committedByGroup,
            Set<TopicPartition> partitions) throws InterruptedException, ExecutionException {
        Set<String> topics = new HashSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        if (topics.isEmpty()) {
            return;
        }
        Map<String, Integer> partitionCounts = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get()
                .forEach((name, description) -> partitionCounts.put(name, description.partitions().size()));
        for (Map<TopicPartition, Long> committed : committedByGroup.values()) {
            Set<String> groupTopics = new HashSet<>();
            committed.keySet().forEach(tp -> groupTopics.add(tp.topic()));
            for (String topic : groupTopics) {
                for (int p = 0; p < partitionCounts.getOrDefault(topic, 0); p++) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    committed.putIfAbsent(tp, -1L);
                    partitions.add(tp);
                }
            }
        }
    }
}
