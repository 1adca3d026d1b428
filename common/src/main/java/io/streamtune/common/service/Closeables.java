package io.streamtune.common.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closing resources on the way out of a service, where one failed close must not keep the others open. */
public final class Closeables {

    private static final Logger LOG = LoggerFactory.getLogger(Closeables.class);

    private Closeables() {
    }

    /**
     * Closes {@code resource}, logging instead of throwing when that fails.
     *
     * @param what names the resource in the warning, e.g. {@code "checkpoint consumer"}
     */
    public static void closeQuietly(String what, AutoCloseable resource) {
        try {
            resource.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while closing the {}", what, e);
        } catch (Exception e) {
            LOG.warn("Closing the {} failed", what, e);
        }
    }
}
