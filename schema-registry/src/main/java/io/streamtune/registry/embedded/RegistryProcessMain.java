package io.streamtune.registry.embedded;

import java.lang.reflect.InvocationTargetException;

/**
 * Main class of the registry child process: runs Apicurio's Quarkus entry point, and exits (gracefully, through
 * Quarkus' shutdown hooks) once the process that started it is gone, so that a killed launcher or test JVM leaves
 * no orphan registry behind. Uses nothing but the JDK: only this class and {@code quarkus-run.jar} are on its
 * class path.
 */
public final class RegistryProcessMain {

    /** System property with the pid of the process that owns the registry. */
    static final String PARENT_PID_PROPERTY = "streamtune.registry.parent.pid";
    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private RegistryProcessMain() {
    }

    public static void main(String[] args) throws Throwable {
        String parent = System.getProperty(PARENT_PID_PROPERTY);
        if (parent != null) {
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                    owner -> owner.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        }
        try {
            // Reflection keeps Quarkus off this module's compile class path.
            Class.forName(QUARKUS_MAIN).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
