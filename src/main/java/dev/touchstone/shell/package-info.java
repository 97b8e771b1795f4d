/**
 * The thin shell around the features: security configuration, the main layout with its role-filtered menu and
 * organization switcher, sign-in, the role home pages and error pages.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shell", allowedDependencies = {
        "apitoken", "audit", "common", "demo", "organization", "sso"})
package dev.touchstone.shell;
