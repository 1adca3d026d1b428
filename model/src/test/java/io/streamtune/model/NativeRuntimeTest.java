package io.streamtune.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeRuntimeTest {

    private static final String AMD = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\n";
    private static final String INTEL = "processor\t: 0\nvendor_id\t: GenuineIntel\n";
    private static final String TUNED_MAPS = """
            7f00-7f01 r-xp 00000000 08:01 12 /work/model/target/libstreamtune-mkl-dispatch.so
            7f02-7f03 r-xp 00000000 08:01 13 /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.10
            7f04-7f05 r-xp 00000000 08:01 14 /root/.djl.ai/pytorch/2.7.1/libtorch_cpu.so
            """;
    private static final String PLAIN_MAPS = """
            7f04-7f05 r-xp 00000000 08:01 14 /root/.djl.ai/pytorch/2.7.1/libtorch_cpu.so
            7f06-7f07 r-xp 00000000 08:01 15 /usr/lib/x86_64-linux-gnu/libc.so.6
            """;

    @Test
    void shouldGiveNoAdviceWhenBothLibrariesArePreloaded() {
        NativeRuntime runtime = NativeRuntime.of(TUNED_MAPS, AMD);

        assertThat(runtime).isEqualTo(new NativeRuntime("AuthenticAMD", true, "tcmalloc"));
        assertThat(runtime.advice()).isEmpty();
    }

    @Test
    void shouldAdviseTheDispatchLibraryAndTcmallocOnAnUntunedAmdProcess() {
        NativeRuntime runtime = NativeRuntime.of(PLAIN_MAPS, AMD);

        assertThat(runtime).isEqualTo(new NativeRuntime("AuthenticAMD", false, "glibc"));
        assertThat(runtime.advice()).hasValueSatisfying(advice -> assertThat(advice)
                .contains("libstreamtune-mkl-dispatch.so", "tcmalloc", "Native runtime"));
    }

    @Test
    void shouldNotAdviseTheDispatchLibraryOnIntel() {
        NativeRuntime runtime = NativeRuntime.of(PLAIN_MAPS, INTEL);

        assertThat(runtime.advice()).hasValueSatisfying(advice -> assertThat(advice)
                .doesNotContain("mkl-dispatch").contains("tcmalloc"));
    }

    @Test
    void shouldSeeWhatTheBuildPreloadedIntoThisJvm() {
        // The build preloads both libraries into test JVMs where they exist (parent POM, streamtune.native.libtorch):
        // whatever of them exists must show up as loaded, or the detection (or the preload) is broken.
        String preload = System.getenv().getOrDefault("LD_PRELOAD", "");
        assertThat(preload).as("LD_PRELOAD set by the build").contains(NativeRuntime.DISPATCH_LIBRARY);
        NativeRuntime runtime = NativeRuntime.current();
        for (String library : preload.split("\\s+")) {
            if (library.isEmpty() || !Files.exists(Path.of(library))) {
                continue;
            }
            if (library.endsWith(NativeRuntime.DISPATCH_LIBRARY)) {
                assertThat(runtime.mklVendorDispatch()).as("dispatch library %s preloaded", library).isTrue();
            }
            if (library.contains("libtcmalloc")) {
                assertThat(runtime.allocator()).isEqualTo("tcmalloc");
            }
        }
    }
}
