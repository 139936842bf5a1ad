package tapdesk.demo.idp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

/**
 * The demo pickup registration's certificate and private key (issue 19): made when the JVM first needs it, kept in
 * memory only, never written to disk or committed. The demo identity provider publishes its public half as a JWKS
 * (the {@code tapdesk-pickup} client authenticates with {@code private_key_jwt} against it), and the demo's pickup
 * credential signs its client assertions with the private half, as azure-identity does with a real certificate.
 */
public final class DemoPickupKey {

    /** A private key with its self-signed certificate. */
    public record Pair(PrivateKey privateKey, X509Certificate certificate) {

        /** The certificate's SHA-1 thumbprint, base64url: the {@code x5t} header azure-identity sends. */
        public String x5t() {
            return thumbprint("SHA-1");
        }

        /** The public key as a JWK: {@code kid} = {@code x5t}, with {@code x5t}, {@code x5t#S256} and {@code x5c}. */
        public RSAKey publicJwk() {
            try {
                return new RSAKey.Builder(RSAKey.parse(certificate))
                        .keyID(x5t()).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .x509CertThumbprint(new Base64URL(x5t()))
                        .x509CertSHA256Thumbprint(new Base64URL(thumbprint("SHA-256")))
                        .build();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        private String thumbprint(String algorithm) {
            try {
                return Base64URL.encode(MessageDigest.getInstance(algorithm).digest(certificate.getEncoded())).toString();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return "DemoPickupKey.Pair[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    private static final Pair DEMO = generate("tapdesk-pickup-demo");

    private DemoPickupKey() {
    }

    /** The key the demo provider trusts for {@code tapdesk-pickup}. */
    public static Pair demo() {
        return DEMO;
    }

    /** The JWKS the demo provider serves for {@code tapdesk-pickup}: the public half of {@link #demo()}. */
    public static String jwks() {
        return new JWKSet(DEMO.publicJwk()).toString(true);
    }

    /** A new RSA 2048 key with a self-signed certificate (CN={@code commonName}, valid two days either side of now). */
    public static Pair generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            return new Pair(keys.getPrivate(), selfSigned(keys, commonName));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A v3 X.509 certificate signed by its own key, encoded by hand (the JDK has no public certificate builder and
     * the test classpath no Bouncy Castle PKIX).
     */
    private static X509Certificate selfSigned(KeyPair keys, String commonName) throws GeneralSecurityException {
        byte[] sha256WithRsa = der(0x30, der(0x06, new byte[]{0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 1, 1, 0x0B}),
                der(0x05));
        byte[] name = der(0x30, der(0x31, der(0x30, der(0x06, new byte[]{0x55, 0x04, 0x03}),
                der(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
        DateTimeFormatter utcTime = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
        Instant now = Instant.now();
        byte[] validity = der(0x30, der(0x17, utcTime.format(now.minus(Duration.ofDays(2))).getBytes(StandardCharsets.US_ASCII)),
                der(0x17, utcTime.format(now.plus(Duration.ofDays(2))).getBytes(StandardCharsets.US_ASCII)));
        byte[] tbs = der(0x30, der(0xA0, der(0x02, new byte[]{2})),
                der(0x02, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
                sha256WithRsa, name, validity, name, keys.getPublic().getEncoded());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] certificate = der(0x30, tbs, sha256WithRsa, der(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate));
    }

    /** One DER element: tag, definite length, the parts concatenated. */
    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] bytes = BigInteger.valueOf(length).toByteArray();
            int skip = bytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (bytes.length - skip));
            out.write(bytes, skip, bytes.length - skip);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
