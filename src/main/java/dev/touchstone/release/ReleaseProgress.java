package dev.touchstone.release;

/**
 * How far the build of a release is.
 *
 * @param done    accepted tasks looked at so far (copied or filtered out)
 * @param total   accepted tasks of the project when the build started, null until counted
 * @param message what the build does now
 * @param error   why it failed
 */
public record ReleaseProgress(ReleaseState state, int done, Integer total, String message, String error) {

    public boolean finished() {
        return state != ReleaseState.BUILDING;
    }
}
