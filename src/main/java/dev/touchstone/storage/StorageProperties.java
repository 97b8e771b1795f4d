package dev.touchstone.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where blobs live ({@code touchstone.storage.*}, set from {@code TOUCHSTONE_STORAGE_TYPE} and
 * {@code TOUCHSTONE_S3_*}).
 *
 * @param type {@code filesystem} (under {@code touchstone.data-dir}/blobs) or {@code s3}
 * @param s3   the bucket, for type {@code s3}
 */
@ConfigurationProperties("touchstone.storage")
public record StorageProperties(@DefaultValue("filesystem") String type, @DefaultValue S3 s3) {

    /**
     * @param endpoint  URL of an S3-compatible service (MinIO, GCS interop, ...); empty for AWS S3
     * @param region    signing region; AWS needs the bucket's region, most others accept {@code us-east-1}
     * @param bucket    the bucket, which must exist
     * @param accessKey static access key; empty: the AWS default credential chain (environment, profile, IAM role)
     * @param secretKey secret of the access key (never logged)
     * @param pathStyle {@code https://host/bucket/key} instead of {@code https://bucket.host/key} (empty: false)
     * @param partSize  multipart part size: content up to this size is one PUT, larger content is sent in parts
     *                  of this size; it is also the memory one upload holds (at least 5 MB)
     */
    public record S3(String endpoint, @DefaultValue("us-east-1") String region, String bucket, String accessKey,
                     String secretKey, Boolean pathStyle, @DefaultValue("16MB") DataSize partSize) {

        public boolean usePathStyle() {
            return Boolean.TRUE.equals(pathStyle);
        }

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", accessKey="
                    + accessKey + ", secretKey=" + (secretKey == null || secretKey.isEmpty() ? "" : "***")
                    + ", pathStyle=" + pathStyle + ", partSize=" + partSize + "]";
        }
    }
}
