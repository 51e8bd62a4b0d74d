package io.salvo.quic.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a server certificate and key from PEM files: the first {@code CERTIFICATE} block of the
 * certificate file, and an unencrypted PKCS#8 {@code PRIVATE KEY} block (EC or RSA) from the key
 * file ({@code openssl pkcs8 -topk8 -nocrypt} converts other forms). Blocking file I/O.
 */
public final class PemFiles {

    private PemFiles() {
    }

    /**
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if a file holds no block of the expected kind, naming it
     * @throws GeneralSecurityException if the certificate or key does not parse
     */
    public static ServerCredentials read(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
        byte[] certificateDer = block(Files.readString(certificateFile, StandardCharsets.US_ASCII), "CERTIFICATE", certificateFile);
        byte[] keyDer = block(Files.readString(keyFile, StandardCharsets.US_ASCII), "PRIVATE KEY", keyFile);
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificateDer));
        String algorithm = certificate.getPublicKey().getAlgorithm(); // "EC" or "RSA": the key must match
        PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(keyDer));
        return ServerCredentials.of(certificate, key);
    }

    static byte[] block(String pem, String type, Path source) {
        Matcher m = Pattern.compile("-----BEGIN " + type + "-----([A-Za-z0-9+/=\\s]+)-----END " + type + "-----").matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException(source + " holds no PEM block '" + type + "'");
        }
        return Base64.getMimeDecoder().decode(m.group(1));
    }

    /** Writes {@code credentials} as two PEM files (certificate, PKCS#8 key): for demos and the interop test. */
    public static void write(ServerCredentials credentials, Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        PrivateKey key = (PrivateKey) credentials.keyStore().getKey(ServerCredentials.ALIAS, credentials.password());
        Files.writeString(certificateFile, "-----BEGIN CERTIFICATE-----\n"
                + encoder.encodeToString(credentials.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + encoder.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    }
}
