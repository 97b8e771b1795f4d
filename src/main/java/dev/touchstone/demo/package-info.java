/**
 * Demo mode: on the first start with the embedded database (or when TOUCHSTONE_DEMO=true), seeds a demo
 * organization with one person per role, a second organization to make tenant isolation visible, and a contractor
 * who belongs to both. Later features add demo datasets and projects here.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data")
package dev.touchstone.demo;
