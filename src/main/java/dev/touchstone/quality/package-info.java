/**
 * Quality: how far the people who label robot demonstrations agree with each other. The {@code engine} named
 * interface holds the agreement coefficients as plain Java (no Spring, no database) so the command line, later
 * services and tests can all use the same code. Coded values (categories, verdicts, ratings, numbers) are supported
 * now; phases, events, 2-D boxes and 3-D cuboids follow.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Quality")
package dev.touchstone.quality;
