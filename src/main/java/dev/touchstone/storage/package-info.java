/**
 * Storage: a blob store for media and sample data. {@link dev.touchstone.storage.BlobStore} is the whole API; the
 * application gets exactly one, chosen by {@code touchstone.storage.type}: the local filesystem under
 * {@code $TOUCHSTONE_DATA_DIR/blobs} (default) or an S3-compatible bucket. Keys are validated
 * ({@link dev.touchstone.storage.BlobKeys}) but carry no tenancy of their own: callers put the organization id at the
 * start of every key they build and never accept a key from a client. Layout and guarantees are described in
 * {@code docs/storage.md}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Storage", allowedDependencies = {})
package dev.touchstone.storage;
