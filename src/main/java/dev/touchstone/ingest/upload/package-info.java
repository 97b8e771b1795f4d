/**
 * Resumable uploads (tus 1.0.0, docs/ingest/uploads.md): {@link dev.touchstone.ingest.upload.UploadService} keeps
 * each upload's bytes in a file in the data directory and its offset in PostgreSQL, and hands a complete upload to
 * {@link dev.touchstone.ingest.ImportService}; a sweep deletes abandoned ones.
 */
package dev.touchstone.ingest.upload;
