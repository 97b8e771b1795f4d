/**
 * What features share and that depends on no feature: ids in routes ({@link dev.touchstone.common.RouteIds}), the
 * problem shape of every {@code /api/**} error ({@link dev.touchstone.common.ApiProblem}), background job queues and
 * their failures ({@link dev.touchstone.common.JobQueue}, {@link dev.touchstone.common.JobFailure}) and their work
 * folders ({@link dev.touchstone.common.WorkFiles}), and for views the chart of values per day
 * ({@link dev.touchstone.common.DayChart}) and colours from data ({@link dev.touchstone.common.DataColour}). The
 * {@code shell} module cannot hold them: it depends on the demo, which depends on features.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Common", allowedDependencies = {})
package dev.touchstone.common;
