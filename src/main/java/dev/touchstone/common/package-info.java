/**
 * Small helpers features share (screen ids, work folders) that depend on no feature (the {@code shell} module cannot hold
 * them: it depends on the demo, which depends on features).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Common")
package dev.touchstone.common;
