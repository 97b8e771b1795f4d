package dev.touchstone.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageConfigurationTest {

    @TempDir
    Path dataDir;

    private static StorageProperties.S3 s3(String endpoint, String bucket, String accessKey, String secretKey) {
        return new StorageProperties.S3(endpoint, "eu-central-1", bucket, accessKey, secretKey, true,
                DataSize.ofMegabytes(16));
    }

    @Test
    void filesystemIsTheDefaultAndLivesUnderTheDataDirectory() {
        BlobStore store = StorageConfiguration.create(new StorageProperties(null, null), dataDir);

        assertThat(store).isInstanceOf(FilesystemBlobStore.class);
        assertThat(((FilesystemBlobStore) store).root()).isEqualTo(dataDir.resolve("blobs").toAbsolutePath());
        assertThat(store.describe()).contains(dataDir.resolve("blobs").toString());
    }

    @Test
    void unknownTypeFailsNamingTheVariable() {
        assertThatThrownBy(() -> StorageConfiguration.create(new StorageProperties("gcs", null), dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'gcs'").hasMessageContaining("TOUCHSTONE_STORAGE_TYPE")
                .hasMessageContaining("'filesystem' or 's3'");
    }

    @Test
    void s3WithoutBucketFailsNamingTheVariable() {
        assertThatThrownBy(() -> StorageConfiguration.create(
                new StorageProperties("s3", s3("http://minio:9000", " ", "key", "secret")), dataDir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TOUCHSTONE_S3_BUCKET");
    }

    @Test
    void s3WithHalfTheCredentialsOrABadEndpointFails() {
        assertThatThrownBy(() -> StorageConfiguration.create(
                new StorageProperties("s3", s3("http://minio:9000", "media", "key", "")), dataDir))
                .hasMessageContaining("TOUCHSTONE_S3_SECRET_KEY");
        assertThatThrownBy(() -> StorageConfiguration.create(
                new StorageProperties("s3", s3("minio:9000", "media", "key", "secret")), dataDir))
                .hasMessageContaining("TOUCHSTONE_S3_ENDPOINT");
    }

    @Test
    void s3DescriptionNamesBucketAndEndpointButNeverTheSecret() {
        StorageProperties properties = new StorageProperties("S3",
                s3("https://user:pw@minio.example:9000/path", "media", "AKIAEXAMPLE", "very-secret"));
        try (S3BlobStore store = (S3BlobStore) StorageConfiguration.create(properties, dataDir)) {
            assertThat(store.describe()).contains("'media'", "https://minio.example:9000", "eu-central-1",
                    "path-style", "AKIAEXAMPLE").doesNotContain("very-secret", "pw");
        }
        assertThat(properties.toString()).doesNotContain("very-secret");
    }
}
