package io.streamtune.launcher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of Strimzi {@code KafkaUser} resources ({@code spec.authorization.acls}, type {@code simple}) as Kafka
 * {@link AclBinding}s for the principal {@code User:<metadata.name>}, which is what the user operator creates.
 */
final class KafkaUserAcls {

    private KafkaUserAcls() {
    }

    /** The users declared in {@code deploy/k8s/base}. */
    static List<JsonNode> users() {
        return Manifests.ofKind(Manifests.read(Manifests.K8S_BASE.resolve("users.yaml")), "KafkaUser");
    }

    static JsonNode user(String name) {
        return users().stream().filter(u -> u.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No KafkaUser " + name + " in users.yaml"));
    }

    /** Every ACL of {@code user}, one binding per operation. */
    static List<AclBinding> bindings(JsonNode user) {
        String principal = "User:" + user.path("metadata").path("name").asText();
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            ResourceType type = resourceType(resource.path("type").asText());
            String name = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.path("name").asText();
            PatternType pattern = "prefix".equals(resource.path("patternType").asText("literal"))
                    ? PatternType.PREFIXED : PatternType.LITERAL;
            AclPermissionType permission = "deny".equalsIgnoreCase(acl.path("type").asText("allow"))
                    ? AclPermissionType.DENY : AclPermissionType.ALLOW;
            for (JsonNode operation : acl.path("operations")) {
                bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                        new AccessControlEntry(principal, acl.path("host").asText("*"), operation(operation.asText()),
                                permission)));
            }
        }
        return bindings;
    }

    /** Whether {@code bindings} allow {@code operation} on the resource {@code name} (literal or by prefix). */
    static boolean allows(List<AclBinding> bindings, ResourceType type, String name, AclOperation operation) {
        return bindings.stream().anyMatch(b -> b.pattern().resourceType() == type
                && b.entry().permissionType() == AclPermissionType.ALLOW
                && (b.entry().operation() == operation || b.entry().operation() == AclOperation.ALL)
                && (b.pattern().patternType() == PatternType.PREFIXED ? name.startsWith(b.pattern().name())
                        : b.pattern().name().equals(name) || b.pattern().name().equals("*")));
    }

    private static ResourceType resourceType(String strimziType) {
        return switch (strimziType) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
            case "cluster" -> ResourceType.CLUSTER;
            default -> throw new IllegalArgumentException("Unknown Strimzi ACL resource type " + strimziType);
        };
    }

    /** Strimzi writes operations in camel case ({@code AlterConfigs}); Kafka's enum is {@code ALTER_CONFIGS}. */
    private static AclOperation operation(String strimziOperation) {
        String wanted = strimziOperation.toUpperCase(Locale.ROOT);
        return Arrays.stream(AclOperation.values()).filter(op -> op.name().replace("_", "").equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown ACL operation " + strimziOperation));
    }
}
