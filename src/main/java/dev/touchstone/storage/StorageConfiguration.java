package dev.touchstone.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/** Creates the one {@link BlobStore} of the application from {@link StorageProperties}. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    BlobStore blobStore(StorageProperties properties, @Value("${touchstone.data-dir}") Path dataDir) {
        BlobStore store = create(properties, dataDir);
        log.info("Blob storage: {}", store.describe());
        return store;
    }

    /** The store the configuration asks for; a configuration that cannot work fails here, saying why. */
    static BlobStore create(StorageProperties properties, Path dataDir) {
        String type = properties.type() == null ? "" : properties.type().trim();
        return switch (type.isEmpty() ? "filesystem" : type.toLowerCase(java.util.Locale.ROOT)) {
            case "filesystem" -> new FilesystemBlobStore(dataDir.resolve("blobs"));
            case "s3" -> s3(properties.s3());
            default -> throw new IllegalStateException("Unknown blob storage type '" + type
                    + "' (touchstone.storage.type / TOUCHSTONE_STORAGE_TYPE): use 'filesystem' or 's3'");
        };
    }

    private static S3BlobStore s3(StorageProperties.S3 s3) {
        if (s3 == null || blank(s3.bucket())) {
            throw new IllegalStateException("Blob storage type 's3' needs a bucket: set TOUCHSTONE_S3_BUCKET "
                    + "(touchstone.storage.s3.bucket)");
        }
        if (blank(s3.accessKey()) != blank(s3.secretKey())) {
            throw new IllegalStateException("Set both TOUCHSTONE_S3_ACCESS_KEY and TOUCHSTONE_S3_SECRET_KEY, or "
                    + "neither (then the AWS default credential chain is used)");
        }
        long partSize = s3.partSize() == null ? 16L << 20 : s3.partSize().toBytes();
        if (partSize < S3BlobStore.MIN_PART_SIZE || partSize > 1L << 30) {
            throw new IllegalStateException("touchstone.storage.s3.part-size must be between 5MB and 1GB, was "
                    + s3.partSize());
        }
        String region = blank(s3.region()) ? "us-east-1" : s3.region().trim();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2)))
                .region(Region.of(region))
                .forcePathStyle(s3.usePathStyle())
                // Checksums only where S3 requires them: S3-compatible stores (MinIO, GCS interop, older Ceph)
                // often reject the SDK's default trailing-checksum uploads. Integrity comes from our SHA-256.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        String where;
        if (blank(s3.endpoint())) {
            where = "AWS S3";
        } else {
            try {
                URI endpoint = new URI(s3.endpoint().trim());
                if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                    throw new URISyntaxException(s3.endpoint(), "needs http:// or https:// and a host");
                }
                builder.endpointOverride(endpoint);
                where = endpoint.getScheme() + "://" + endpoint.getHost()
                        + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("TOUCHSTONE_S3_ENDPOINT '" + s3.endpoint() + "' is not a URL: "
                        + e.getMessage(), e);
            }
        }
        String credentials;
        if (blank(s3.accessKey())) {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
            credentials = "default AWS credential chain";
        } else {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKey().trim(), s3.secretKey().trim())));
            credentials = "access key " + s3.accessKey().trim();
        }
        String description = "S3 bucket '" + s3.bucket().trim() + "' at " + where + ", region " + region
                + (s3.usePathStyle() ? ", path-style" : "") + ", " + credentials + ", part size " + partSize / (1 << 20)
                + " MiB";
        return new S3BlobStore(builder.build(), s3.bucket().trim(), (int) partSize, description);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
