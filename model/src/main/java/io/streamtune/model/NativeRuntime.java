package io.streamtune.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native settings this process runs libtorch with, read from the libraries it has mapped: whether MKL's
 * vendor check is overridden ({@code libstreamtune-mkl-dispatch.so}) and which allocator serves {@code malloc}.
 * Both come from {@code LD_PRELOAD}, which only whoever starts the JVM can set ({@code ./streamtune}, the images);
 * this class cannot change them, only say what they are and what a user misses (model/README.md, "Native
 * runtime").
 *
 * @param cpuVendor the CPU's vendor id ({@code AuthenticAMD}, {@code GenuineIntel}), or {@code unknown}
 * @param mklVendorDispatch whether MKL chooses kernels by instruction set on any vendor's CPU
 * @param allocator {@code tcmalloc}, {@code jemalloc} or {@code glibc}
 */
public record NativeRuntime(String cpuVendor, boolean mklVendorDispatch, String allocator) {

    static final String DISPATCH_LIBRARY = "libstreamtune-mkl-dispatch.so";
    private static final Logger LOG = LoggerFactory.getLogger(NativeRuntime.class);
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    /** This process's settings, from {@code /proc/self/maps} and {@code /proc/cpuinfo} (Linux; else unknown). */
    public static NativeRuntime current() {
        return of(read(Path.of("/proc/self/maps")), read(Path.of("/proc/cpuinfo")));
    }

    /** The settings a process with these memory maps and this {@code /proc/cpuinfo} runs with. */
    static NativeRuntime of(String maps, String cpuinfo) {
        String vendor = cpuinfo.lines().filter(line -> line.startsWith("vendor_id"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        String allocator = maps.contains("libtcmalloc") ? "tcmalloc" : maps.contains("libjemalloc") ? "jemalloc"
                : "glibc";
        return new NativeRuntime(vendor, maps.contains(DISPATCH_LIBRARY), allocator);
    }

    /** What this process gives up, in words a user can act on; empty when nothing. */
    public Optional<String> advice() {
        StringBuilder advice = new StringBuilder();
        if ("AuthenticAMD".equals(cpuVendor) && !mklVendorDispatch) {
            advice.append("MKL runs its generic kernels on this AMD CPU (matrix products at about half speed): "
                    + "preload model/target/" + DISPATCH_LIBRARY + ". ");
        }
        if ("glibc".equals(allocator)) {
            advice.append("glibc malloc returns tensor memory to the kernel after every step and page-faults it "
                    + "back: preload tcmalloc (libtcmalloc-minimal4). ");
        }
        return advice.isEmpty() ? Optional.empty()
                : Optional.of(advice.append("./streamtune and the images do both; see model/README.md, "
                        + "\"Native runtime\".").toString());
    }

    /** Logs the settings once per process, with the advice as a warning when there is any. */
    public static void logOnce() {
        if (!LOGGED.compareAndSet(false, true)) {
            return;
        }
        NativeRuntime runtime = current();
        LOG.info("Native runtime: CPU {}, MKL vendor dispatch {}, allocator {}", runtime.cpuVendor(),
                runtime.mklVendorDispatch() ? "on" : "off", runtime.allocator());
        runtime.advice().ifPresent(LOG::warn);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
