package io.streamtune.model.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fixed train/validation/test split: an example's part is a function of its id alone (the first two bytes
 * of SHA-256 of the id, modulo 100), so it never changes between runs, machines or dataset orderings. Buckets
 * 0–19 are test (20%), 20–29 validation (10%), 30–99 train (70%).
 */
public enum Split {
    TRAIN,
    VALIDATION,
    TEST;

    public static Split of(String id) {
        int bucket = bucket(id);
        if (bucket < 20) {
            return TEST;
        }
        return bucket < 30 ? VALIDATION : TRAIN;
    }

    static int bucket(String id) {
        byte[] hash = sha256(id);
        return (((hash[0] & 0xFF) << 8) | (hash[1] & 0xFF)) % 100;
    }

    /** A fixed pseudo-random sort key for ordering examples within a part (hex SHA-256 of the id, reversed). */
    public static String orderKey(String id) {
        return new StringBuilder(HexFormat.of().formatHex(sha256(id))).reverse() + id;
    }

    private static byte[] sha256(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
