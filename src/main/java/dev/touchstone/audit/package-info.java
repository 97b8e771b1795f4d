/**
 * The audit log: who did what, when, in which organization, from where. Security events (sign-in, failed sign-in,
 * throttling, sign-out, role and membership changes, account creation) are written as they happen; later features
 * record their own actions (label edits, downloads) through {@link dev.touchstone.audit.AuditService#record}.
 * Rows are append-only, enforced by a database trigger.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit log", allowedDependencies = {"organization"})
package dev.touchstone.audit;
