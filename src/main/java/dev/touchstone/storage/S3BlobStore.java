package dev.touchstone.storage;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Blobs as objects in one S3-compatible bucket; the key is the object key. Content of at most one part size is sent
 * in one PUT, larger or unknown-length content as a multipart upload of part-size chunks, so memory per upload is one
 * part whatever the blob's size. An upload becomes visible only when complete; a failed multipart upload is
 * aborted. The SHA-256 is computed while streaming; single-PUT blobs also carry it as user metadata
 * ({@code x-amz-meta-sha256}), multipart ones do not (it is only known after the data is sent).
 */
final class S3BlobStore implements BlobStore, AutoCloseable {

    static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final String SHA256_METADATA = "sha256";

    private final S3Client client;
    private final String bucket;
    private final int partSize;
    private final String description;

    S3BlobStore(S3Client client, String bucket, int partSize, String description) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 part size must be at least 5 MiB, was " + partSize);
        }
        this.client = client;
        this.bucket = bucket;
        this.partSize = partSize;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public BlobInfo put(String key, InputStream content, long length) {
        BlobKeys.requireValid(key);
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or the exact size, was " + length);
        }
        // Known large sizes get bigger parts so they fit into S3's 10,000 parts.
        long chunk = length > 0 ? Math.max(partSize, (length + MAX_PARTS - 1) / MAX_PARTS) : partSize;
        if (chunk > Integer.MAX_VALUE - 16) {
            throw new BlobStoreException("Blob '" + key + "' is too large for one S3 object: " + length + " bytes");
        }
        MessageDigest digest = StorageIo.sha256();
        try {
            byte[] first = content.readNBytes((int) chunk);
            digest.update(first);
            int next = first.length == chunk ? content.read() : -1;
            if (next < 0) {
                if (length >= 0 && first.length != length) {
                    throw StorageIo.lengthMismatch(key, length, first.length);
                }
                String sha256 = StorageIo.hex(digest.digest());
                client.putObject(request -> request.bucket(bucket).key(key).contentLength((long) first.length)
                                .metadata(Map.of(SHA256_METADATA, sha256)),
                        RequestBody.fromBytes(first));
                return new BlobInfo(key, first.length, sha256, null);
            }
            return putMultipart(key, content, length, (int) chunk, first, next, digest);
        } catch (IOException e) {
            throw new BlobStoreException("Cannot read the content for blob '" + key + "': " + e.getMessage(), e);
        } catch (SdkException e) {
            throw failure("store", key, e);
        }
    }

    private BlobInfo putMultipart(String key, InputStream content, long length, int chunk, byte[] first, int next,
                                  MessageDigest digest) throws IOException {
        String uploadId = client.createMultipartUpload(request -> request.bucket(bucket).key(key)).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            byte[] part = first;
            int carry = next;
            while (part != null) {
                if (parts.size() == MAX_PARTS) {
                    throw new BlobStoreException("Blob '" + key + "' needs more than " + MAX_PARTS + " parts of "
                            + chunk + " bytes; give its length or raise the part size");
                }
                total += part.length;
                if (length >= 0 && total > length) {
                    throw StorageIo.lengthMismatch(key, length, total);
                }
                int number = parts.size() + 1;
                byte[] body = part;
                String etag = client.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                                .partNumber(number).contentLength((long) body.length),
                        RequestBody.fromBytes(body)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                if (carry < 0) {
                    part = null;
                } else {
                    byte[] buffer = new byte[chunk];
                    buffer[0] = (byte) carry;
                    int n = 1 + content.readNBytes(buffer, 1, chunk - 1);
                    part = n == chunk ? buffer : java.util.Arrays.copyOf(buffer, n);
                    digest.update(part);
                    carry = n == chunk ? content.read() : -1;
                }
            }
            if (length >= 0 && total != length) {
                throw StorageIo.lengthMismatch(key, length, total);
            }
            client.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
            completed = true;
            return new BlobInfo(key, total, StorageIo.hex(digest.digest()), null);
        } finally {
            if (!completed) {
                try {
                    client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
                } catch (SdkException e) {
                    // The original failure matters more; a lifecycle rule cleans up leftover parts.
                }
            }
        }
    }

    @Override
    public InputStream open(String key) {
        BlobKeys.requireValid(key);
        try {
            return client.getObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        BlobKeys.requireValid(key);
        StorageIo.checkRange(offset, length);
        if (length == 0) {
            long size = info(key).orElseThrow(() -> new BlobNotFoundException(key)).size();
            if (offset > size) {
                throw StorageIo.rangePastEnd(key, offset, size);
            }
            return InputStream.nullInputStream();
        }
        long last = offset + length - 1 < 0 ? Long.MAX_VALUE : offset + length - 1;
        try {
            ResponseInputStream<GetObjectResponse> in = client.getObject(request -> request.bucket(bucket).key(key)
                    .range("bytes=" + offset + "-" + last));
            return in;
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                long size = info(key).orElseThrow(() -> new BlobNotFoundException(key)).size();
                if (offset == size) {
                    return InputStream.nullInputStream();
                }
                throw StorageIo.rangePastEnd(key, offset, size);
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public Optional<BlobInfo> info(String key) {
        BlobKeys.requireValid(key);
        try {
            HeadObjectResponse head = client.headObject(request -> request.bucket(bucket).key(key));
            return Optional.of(new BlobInfo(key, head.contentLength(), head.metadata().get(SHA256_METADATA),
                    head.lastModified()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void delete(String key) {
        BlobKeys.requireValid(key);
        try {
            client.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        BlobKeys.requireValidPrefix(prefix);
        // Pages are fetched while the stream is consumed; their failures must surface as BlobStoreException too.
        Iterator<BlobInfo> infos = new Iterator<>() {
            private Iterator<S3Object> objects;

            private Iterator<S3Object> objects() {
                if (objects == null) {
                    objects = client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)
                            .maxKeys(1000)).contents().iterator();
                }
                return objects;
            }

            @Override
            public boolean hasNext() {
                try {
                    return objects().hasNext();
                } catch (SdkException e) {
                    throw listingFailed(prefix, e);
                }
            }

            @Override
            public BlobInfo next() {
                try {
                    S3Object object = objects().next();
                    return new BlobInfo(object.key(), object.size(), null, object.lastModified());
                } catch (SdkException e) {
                    throw listingFailed(prefix, e);
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(infos,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private BlobStoreException listingFailed(String prefix, SdkException e) {
        return new BlobStoreException("Cannot list blobs under '" + prefix + "' in " + description + ": "
                + e.getMessage(), e);
    }

    private BlobStoreException failure(String action, String key, SdkException e) {
        if (e instanceof NoSuchKeyException || e instanceof S3Exception s3 && s3.statusCode() == 404
                && "NoSuchKey".equals(s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode())) {
            return new BlobNotFoundException(key);
        }
        return new BlobStoreException("Cannot " + action + " blob '" + key + "' in " + description + ": "
                + e.getMessage(), e);
    }

    S3Client client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
