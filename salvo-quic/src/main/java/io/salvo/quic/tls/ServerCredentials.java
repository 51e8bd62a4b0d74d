package io.salvo.quic.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.Objects;

/**
 * A server's certificate and private key, in the in-memory {@link KeyStore} form Kwik's
 * {@code ServerConnector.Builder.withKeyStore} takes. Immutable; thread-safe.
 *
 * @param keyStore    a PKCS#12 store holding one key entry under {@link #ALIAS}
 * @param password    the entry's password
 * @param ecCurve     {@code secp256r1} etc. for an EC key (Kwik must be told the curve), null for RSA
 * @param certificate the server's certificate, for clients to trust in tests
 */
public record ServerCredentials(KeyStore keyStore, char[] password, String ecCurve, X509Certificate certificate) {

    /** The alias of the one entry in {@link #keyStore()}. */
    public static final String ALIAS = "server";

    public ServerCredentials {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** Wraps a certificate and its key (EC P-256/P-384/P-521 or RSA). */
    public static ServerCredentials of(X509Certificate certificate, PrivateKey key) throws GeneralSecurityException {
        char[] password = "salvo".toCharArray(); // protects nothing: the store never leaves memory
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry(ALIAS, key, password, new java.security.cert.Certificate[] {certificate});
        return new ServerCredentials(store, password, curveOf(key), certificate);
    }

    private static String curveOf(PrivateKey key) {
        if (!(key instanceof ECKey ec)) {
            return null;
        }
        return switch (ec.getParams().getCurve().getField().getFieldSize()) {
            case 256 -> "secp256r1";
            case 384 -> "secp384r1";
            case 521 -> "secp521r1";
            default -> throw new IllegalArgumentException("Kwik supports EC keys on P-256, P-384 and P-521 only");
        };
    }

    /** A trust store holding only this certificate: what a client that should trust this server uses. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(ALIAS, certificate);
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build an in-memory trust store", e);
        }
    }
}
