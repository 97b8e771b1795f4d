package dev.touchstone.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The property names the application and the Helm chart use bind, and bad values stop the context. */
class StorageBindingTest {

    @TempDir
    Path dataDir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StorageProperties.class)
    static class Properties {
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, StorageConfiguration.class)
                .withPropertyValues("touchstone.data-dir=" + dataDir);
    }

    @Test
    void defaultsToTheFilesystemUnderTheDataDirectory() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(BlobStore.class);
            assertThat(context.getBean(BlobStore.class)).isInstanceOf(FilesystemBlobStore.class);
            assertThat(dataDir.resolve("blobs")).isDirectory();
        });
    }

    @Test
    void bindsTheS3Settings() {
        runner().withPropertyValues("touchstone.storage.type=s3",
                        "touchstone.storage.s3.endpoint=http://127.0.0.1:9000",
                        "touchstone.storage.s3.region=", "touchstone.storage.s3.bucket=media",
                        "touchstone.storage.s3.access-key=key", "touchstone.storage.s3.secret-key=secret",
                        "touchstone.storage.s3.path-style=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(BlobStore.class).describe()).isEqualTo("S3 bucket 'media' at "
                            + "http://127.0.0.1:9000, region us-east-1, path-style, access key key, part size 16 MiB");
                });
    }

    @Test
    void s3WithoutBucketStopsTheStart() {
        runner().withPropertyValues("touchstone.storage.type=s3", "touchstone.storage.s3.bucket=")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("TOUCHSTONE_S3_BUCKET"));
    }

    @Test
    void unknownTypeStopsTheStart() {
        runner().withPropertyValues("touchstone.storage.type=ftp")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("'ftp'").hasMessageContaining("TOUCHSTONE_STORAGE_TYPE"));
    }
}
