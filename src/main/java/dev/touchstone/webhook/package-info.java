/**
 * Webhooks (issue 21, docs/webhooks.md): an organization's admins register endpoints that Touchstone POSTs signed
 * JSON to when an import ends, a task is accepted or returned, an annotator is paused for gold accuracy, or a release
 * is ready or failed. The events are the past-tense records of ingest, workflow and release, heard after their
 * transaction committed; every POST is a {@code webhook_delivery} row (V21) that the dispatcher sends, retries with
 * exponential backoff and finally marks failed, so deliveries survive a restart. Admins list deliveries and replay
 * them over the API ({@code api}) and on a page ({@code ui}). Nothing depends on this module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Webhooks", allowedDependencies = {
        "audit", "common", "ingest", "organization", "release", "workflow"})
package dev.touchstone.webhook;
