/**
 * Command-line entries that run without Spring, the database or the web server. {@code java -jar touchstone.jar
 * agreement FILE.json} computes inter-annotator agreement on exported data (see {@link
 * dev.touchstone.cli.AgreementCommand}); {@link dev.touchstone.TouchstoneApplication#main} dispatches to it before
 * Spring starts.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Command line", allowedDependencies = {
        "ingest", "ingest :: generator", "quality :: engine"})
package dev.touchstone.cli;
