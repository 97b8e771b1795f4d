package dev.touchstone.sso;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client secret's encryption at rest (docs/security.md, "Secrets at rest"): AES-256-GCM, a fresh nonce per value,
 * the organization as associated data, and a key from configuration or from a file made in the data directory.
 */
class SsoSecretsTest {

    static final UUID ACME = UUID.fromString("00000000-0000-7000-8000-00000000000a");
    static final UUID GLOBEX = UUID.fromString("00000000-0000-7000-8000-00000000000b");

    @TempDir Path data;

    @Test
    void aSecretIsStoredEncryptedAndReadBackOnlyForItsOrganizationWithItsKey() {
        SsoSecrets secrets = new SsoSecrets("", data);
        String stored = secrets.encrypt(ACME, "client-secret-value");
        assertThat(stored).startsWith("enc:v1:").doesNotContain("client-secret-value");
        // 12-byte nonce + 19 bytes + 16-byte tag, in base64.
        assertThat(Base64.getDecoder().decode(stored.substring(7))).hasSize(12 + 19 + 16);
        assertThat(secrets.encrypt(ACME, "client-secret-value")).as("a fresh nonce every time").isNotEqualTo(stored);
        assertThat(secrets.decrypt(ACME, stored)).isEqualTo("client-secret-value");

        assertThatThrownBy(() -> secrets.decrypt(GLOBEX, stored)).as("another organization's row")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be decrypted");
        char[] chars = stored.toCharArray();
        chars[20] = chars[20] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> secrets.decrypt(ACME, new String(chars))).as("changed bytes")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be decrypted");
        SsoSecrets otherKey = new SsoSecrets(Base64.getEncoder().encodeToString(new byte[32]), data);
        assertThatThrownBy(() -> otherKey.decrypt(ACME, stored)).as("another key")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("was the key changed?");
        assertThatThrownBy(() -> secrets.decrypt(ACME, "plain")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAConfiguredKeyAKeyFileIsMadeOnceReadableByItsOwnerOnly() throws Exception {
        SsoSecrets first = new SsoSecrets("", data);
        Path file = data.resolve("secrets.key");
        assertThat(file).exists();
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String stored = first.encrypt(ACME, "s3cret");
        String before = Files.readString(file);

        SsoSecrets restarted = new SsoSecrets("", data);
        assertThat(Files.readString(file)).as("the same key after a restart").isEqualTo(before);
        assertThat(restarted.decrypt(ACME, stored)).isEqualTo("s3cret");
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secrets.key");
        }
    }

    @Test
    void aConfiguredKeyIsUsedAndABadOneIsRefusedWithHowToMakeOne() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        SsoSecrets configured = new SsoSecrets(key, data);
        assertThat(data.resolve("secrets.key")).as("no file when the key is configured").doesNotExist();
        assertThat(new SsoSecrets(key, data).decrypt(ACME, configured.encrypt(ACME, "x"))).isEqualTo("x");
        assertThatThrownBy(() -> new SsoSecrets(Base64.getEncoder().encodeToString(new byte[16]), data))
                .hasMessageContaining("holds 16 bytes; it must be 32").hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> new SsoSecrets("not base64!", data)).hasMessageContaining("is not base64");
    }
}
