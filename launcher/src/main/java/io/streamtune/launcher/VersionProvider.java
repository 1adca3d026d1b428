package io.streamtune.launcher;

import picocli.CommandLine.IVersionProvider;

/** Reports the version recorded in the launcher jar's manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Streamtune.class.getPackage().getImplementationVersion();
        return new String[] {"streamtune " + (version == null ? "(development build)" : version)};
    }
}
