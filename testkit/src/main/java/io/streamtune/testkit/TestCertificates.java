package io.streamtune.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority for TLS tests, made with the JDK's {@code keytool}: a CA, a truststore holding
 * it, and PKCS12 keystores with keys whose certificates the CA signed (valid for 127.0.0.1 and localhost, for server
 * and client authentication alike). Nothing leaves {@code dir}; every store shares one random password.
 */
public final class TestCertificates {

    private static final String CA = "streamtune-test-ca";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final String password = UUID.randomUUID().toString();
    private final Path caKeystore;
    private final Path caCertificate;
    private final Path truststore;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caKeystore = dir.resolve("ca.p12");
        this.caCertificate = dir.resolve("ca.pem");
        this.truststore = dir.resolve("truststore.p12");
    }

    /** Creates the CA and the truststore in {@code dir}. */
    public static TestCertificates create(Path dir) {
        TestCertificates certificates = new TestCertificates(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        certificates.keytool("-genkeypair", "-alias", CA, "-dname", "CN=Streamtune Test CA", "-ext", "bc:c",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-keystore", certificates.caKeystore);
        certificates.keytool("-exportcert", "-rfc", "-alias", CA, "-keystore", certificates.caKeystore,
                "-file", certificates.caCertificate);
        certificates.keytool("-importcert", "-noprompt", "-alias", CA, "-file", certificates.caCertificate,
                "-keystore", certificates.truststore);
        return certificates;
    }

    /** A keystore {@code <name>.p12} whose key has a certificate for {@code CN=<name>} signed by this CA. */
    public Path keystore(String name) {
        Path keystore = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path certificate = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-dname", "CN=" + name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-keystore", keystore);
        keytool("-certreq", "-alias", name, "-keystore", keystore, "-file", request);
        keytool("-gencert", "-rfc", "-alias", CA, "-keystore", caKeystore, "-infile", request, "-outfile", certificate,
                "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth,clientAuth");
        // The chain: the CA first, so that the signed certificate can replace the self-signed one under the alias.
        keytool("-importcert", "-noprompt", "-alias", CA, "-file", caCertificate, "-keystore", keystore);
        keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate, "-keystore", keystore);
        return keystore;
    }

    /** The PKCS12 truststore holding the CA certificate. */
    public Path truststore() {
        return truststore;
    }

    /** The password of every store (and key) made here. */
    public String password() {
        return password;
    }

    private void keytool(Object... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object arg : args) {
            command.add(arg.toString());
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", password));
        if (command.contains("-genkeypair")) {
            command.addAll(List.of("-keypass", password));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }
}
