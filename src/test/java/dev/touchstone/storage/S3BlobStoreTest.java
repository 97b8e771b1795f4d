package dev.touchstone.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract against a real S3 HTTP API (S3Mock in its own process), through the configuration's client. */
class S3BlobStoreTest extends BlobStoreContractTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path s3mockDirectory;

    private static S3MockProcess s3mock;
    private static S3Client admin;

    private S3BlobStore s3Store;
    private String bucket;

    @BeforeAll
    static void startS3Mock() throws Exception {
        s3mock = S3MockProcess.start(s3mockDirectory);
        admin = ((S3BlobStore) StorageConfiguration.create(properties("admin"), Path.of("unused"))).client();
    }

    @AfterAll
    static void stopS3Mock() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (s3mock != null) {
            s3mock.close();
        }
    }

    static StorageProperties properties(String bucket) {
        return new StorageProperties("s3", new StorageProperties.S3(s3mock.endpoint().toString(), "us-east-1",
                bucket, "test-access-key", "test-secret-key", true,
                org.springframework.util.unit.DataSize.ofBytes(FIVE_MIB)));
    }

    @Override
    protected BlobStore newStore() {
        bucket = "contract-" + BUCKETS.incrementAndGet();
        admin.createBucket(request -> request.bucket(bucket));
        s3Store = (S3BlobStore) StorageConfiguration.create(properties(bucket), Path.of("unused"));
        return s3Store;
    }

    @AfterEach
    void closeStore() {
        s3Store.close();
    }

    @Test
    void smallBlobsCarryTheirSha256AsObjectMetadata() {
        store.put("meta/blob", new ByteArrayInputStream("abc".getBytes()), 3);

        assertThat(admin.headObject(request -> request.bucket(bucket).key("meta/blob")).metadata())
                .containsEntry("sha256", sha256("abc".getBytes()));
    }

    @Test
    void failedMultipartUploadLeavesNoUploadBehind() {
        byte[] data = random(FIVE_MIB * 2 + 10, 9);

        assertThatThrownBy(() -> store.put("mp/short", new ByteArrayInputStream(data), data.length + 1L))
                .isInstanceOf(BlobStoreException.class);

        assertThat(store.info("mp/short")).isEmpty();
        assertThat(admin.listMultipartUploads(request -> request.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void missingBucketIsAClearError() {
        S3BlobStore missing = (S3BlobStore) StorageConfiguration.create(properties("no-such-bucket"),
                Path.of("unused"));
        try (missing) {
            assertThatThrownBy(() -> missing.put("a", new ByteArrayInputStream(new byte[1]), 1))
                    .isInstanceOf(BlobStoreException.class).hasMessageContaining("no-such-bucket");
            assertThatThrownBy(() -> {
                try (var listed = missing.list("")) {
                    listed.count();
                }
            }).isInstanceOf(BlobStoreException.class).hasMessageContaining("no-such-bucket");
        }
    }
}
