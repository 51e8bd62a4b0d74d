package io.salvo.quic.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a self-signed X.509 v3 certificate for a fresh EC P-256 key with nothing but the JDK: the
 * JDK can sign but has no public API to build a certificate, and Kwik/agent15 ship no helper, so
 * the DER is assembled here ({@link Der}). The certificate names its subject and issuer
 * {@code CN=<first name>}, lists every name as a subject alternative name (an IP literal as an
 * IP address, anything else as a DNS name), is not a CA, and is valid from one hour ago for
 * {@code validity}. For tests and demos; production servers load a real one with {@link PemFiles}.
 */
public final class SelfSignedCertificate {

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";

    private SelfSignedCertificate() {
    }

    /**
     * Generates a key pair and a certificate for {@code names} (at least one), valid for a year.
     * Blocking (key generation takes a few milliseconds); thread-safe.
     */
    public static ServerCredentials generate(String... names) {
        return generate(Duration.ofDays(365), names);
    }

    /** Like {@link #generate(String...)} with the given validity. */
    public static ServerCredentials generate(Duration validity, String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("at least one name is needed");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            X509Certificate certificate = certificate(keys, validity, names);
            return ServerCredentials.of(certificate, keys.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make an EC P-256 certificate", e);
        }
    }

    static X509Certificate certificate(KeyPair keys, Duration validity, String... names) throws GeneralSecurityException {
        byte[] algorithm = Der.sequence(Der.objectIdentifier(ECDSA_WITH_SHA256));
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.objectIdentifier(COMMON_NAME), Der.utf8String(names[0]))));
        ZonedDateTime now = ZonedDateTime.now();
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        serial[0] &= 0x7F; // positive, as RFC 5280 requires
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.smallInteger(2)), // v3
                Der.unsignedInteger(new BigInteger(1, serial).toByteArray()),
                algorithm,
                name,
                Der.sequence(Der.time(now.minusHours(1)), Der.time(now.plus(validity))),
                name,
                keys.getPublic().getEncoded(), // already a SubjectPublicKeyInfo
                Der.explicit(3, Der.sequence(
                        Der.sequence(Der.objectIdentifier(BASIC_CONSTRAINTS), Der.octetString(Der.sequence())),
                        Der.sequence(Der.objectIdentifier(SUBJECT_ALT_NAME), Der.octetString(alternativeNames(names))))));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] alternativeNames(String... names) {
        List<byte[]> entries = new ArrayList<>();
        for (String name : names) {
            byte[] ip = ipLiteral(name);
            entries.add(ip != null
                    ? Der.implicitPrimitive(7, ip)
                    : Der.implicitPrimitive(2, name.getBytes(StandardCharsets.US_ASCII)));
        }
        return Der.sequence(entries.toArray(byte[][]::new));
    }

    // Only literals: a host name must never trigger a DNS lookup here.
    private static byte[] ipLiteral(String name) {
        boolean v4 = name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = name.contains(":") && name.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(name).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
