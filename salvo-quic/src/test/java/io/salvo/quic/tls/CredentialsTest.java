package io.salvo.quic.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsTest {

    @Test
    void aGeneratedCertificateIsSelfSignedV3WithEveryNameAsAnAlternativeName() throws Exception {
        ServerCredentials c = SelfSignedCertificate.generate("streamer.test", "10.0.0.1", "::1");
        X509Certificate cert = c.certificate();
        cert.verify(cert.getPublicKey()); // throws unless self-signed correctly
        cert.checkValidity();
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=streamer.test");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "streamer.test"), List.of(7, "10.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(c.ecCurve()).isEqualTo("secp256r1");
    }

    @Test
    void pemFilesRoundTrip(@TempDir Path dir) throws Exception {
        ServerCredentials original = SelfSignedCertificate.generate("localhost");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        PemFiles.write(original, cert, key);
        ServerCredentials read = PemFiles.read(cert, key);
        assertThat(read.certificate()).isEqualTo(original.certificate());
        assertThat(read.keyStore().getKey(ServerCredentials.ALIAS, read.password()))
                .isEqualTo(original.keyStore().getKey(ServerCredentials.ALIAS, original.password()));
    }

    @Test
    void aFileWithoutTheExpectedBlockIsNamedInTheError(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, "nothing here");
        assertThatThrownBy(() -> PemFiles.read(cert, cert))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cert.pem").hasMessageContaining("CERTIFICATE");
    }
}
