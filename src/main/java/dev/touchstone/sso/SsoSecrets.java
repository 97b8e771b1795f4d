package dev.touchstone.sso;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Encrypts the SSO client secret at rest (docs/security.md, "Secrets at rest"): AES-256-GCM with a random 96-bit
 * nonce per value and the organization's id as associated data, so a value copied into another organization's row
 * does not decrypt. Stored as {@value #PREFIX} followed by base64(nonce || ciphertext || tag). The key is
 * {@code touchstone.secrets.key} (base64 of 32 bytes) when set, else the file {@value #KEY_FILE} in the data
 * directory, made with 32 random bytes on first start and readable by its owner only.
 */
@Component
class SsoSecrets {

    static final String PREFIX = "enc:v1:";
    static final String KEY_FILE = "secrets.key";
    static final String KEY_PROPERTY = "touchstone.secrets.key";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(SsoSecrets.class);

    private final SecretKeySpec key;

    SsoSecrets(@Value("${" + KEY_PROPERTY + ":}") String configuredKey,
               @Value("${touchstone.data-dir:./data}") Path dataDirectory) {
        this.key = new SecretKeySpec(configuredKey.isBlank() ? keyFile(dataDirectory.resolve(KEY_FILE))
                : decodeKey(configuredKey.strip(), KEY_PROPERTY), "AES");
    }

    /** The stored form of a secret. */
    String encrypt(UUID organizationId, String secret) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(organizationId));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret a stored value holds.
     *
     * @throws IllegalStateException for a value this key did not encrypt for this organization (another key, another
     *                               organization's row, or changed bytes), or one that is not encrypted at all
     */
    String decrypt(UUID organizationId, String stored) {
        if (!isEncrypted(stored)) {
            throw new IllegalStateException("The stored client secret is not encrypted");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE));
            cipher.updateAAD(aad(organizationId));
            return new String(cipher.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new IllegalStateException("The stored client secret cannot be decrypted with this server's key ("
                    + KEY_PROPERTY + " or " + KEY_FILE + " in the data directory): was the key changed?", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    private static byte[] aad(UUID organizationId) {
        return organizationId.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] decodeKey(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64: it must be 32 random bytes in base64, e.g. "
                    + "from `openssl rand -base64 32`");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(source + " holds " + bytes.length + " bytes; it must be 32 (AES-256), "
                    + "e.g. from `openssl rand -base64 32`");
        }
        return bytes;
    }

    /** The key in the file, made on first start; two servers starting at once on one directory agree on it. */
    private static byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), KEY_FILE, ".new");
                try {
                    ownerOnly(partial);
                    Files.writeString(partial, Base64.getEncoder().encodeToString(fresh) + "\n");
                    // A link, not a move: if another server made the file meanwhile, its key stays and is used.
                    Files.createLink(file, partial);
                    log.info("Made a new key for secrets at rest in {}; back it up with the database", file);
                } catch (FileAlreadyExistsException e) {
                    // Made by another process meanwhile: read below.
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            return decodeKey(Files.readString(file).strip(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or make the key for secrets at rest, " + file
                    + "; set " + KEY_PROPERTY + " instead", e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): its default ACLs apply.
        }
    }
}
