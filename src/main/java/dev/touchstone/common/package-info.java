/**
 * Small helpers every feature's screens share and that depend on no feature (the {@code shell} module cannot hold
 * them: it depends on the demo, which depends on features).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Common")
package dev.touchstone.common;
