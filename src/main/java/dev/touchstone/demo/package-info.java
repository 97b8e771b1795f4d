/**
 * Demo mode: on the first start with the embedded database (or when TOUCHSTONE_DEMO=true), seeds a demo
 * organization with one person per role, a second organization to make tenant isolation visible, and a contractor
 * who belongs to both ({@link dev.touchstone.demo.DemoData}), and queues synthetic demo episodes through the import
 * queue. Once they are in, {@code DemoProject} makes the demo labeling project with a gold task (the generator's
 * ground truth as the answer; its episodes get the signal proposers' proposals) and a project with simulated annotators' history, part of it reviewed, and a first
 * release of it, so that the work loop, review, the Agreement screen and Releases have data to show.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data", allowedDependencies = {
        "curation", "dataset", "ingest", "labeling", "organization", "proposal", "release", "workflow"})
package dev.touchstone.demo;
