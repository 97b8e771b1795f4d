/**
 * Proposals: labels suggested from the robot's own signals, for people to correct instead of starting from an empty
 * track (issue 20). The proposers are plain Java (no Spring, no database):
 * {@link dev.touchstone.proposal.SignalProposers} reads an episode's signal streams through a
 * {@link dev.touchstone.proposal.SignalSource} (the stored signal files through
 * {@link dev.touchstone.proposal.StoredSignals}) and returns {@link dev.touchstone.proposal.Proposal}s, each with its
 * source, version, confidence and evidence. Which streams and channels are the gripper, the wrist force-torque
 * sensor and the tactile pads, and every threshold, are in {@link dev.touchstone.proposal.ProposerSettings}.
 * Slips and drops, demonstration-quality flags, a suggested verdict and a grasp outcome come from {@link
 * dev.touchstone.proposal.QualityProposers}. What each proposer does and where it fails: {@code docs/proposals.md}.
 * <p>
 * Stored proposals: {@link dev.touchstone.proposal.ProposalService} keeps each source's proposals per project
 * episode as a set (source, version, labels in the drafts' JSON, confidence, evidence), runs the signal proposers
 * over a project's episodes in the background and serves the newest set of each source to the workspace. It
 * implements quality's {@link dev.touchstone.quality.ProposalSources}; what it needs of projects it asks through
 * {@link dev.touchstone.proposal.ProposalProjects}, which workflow implements. It also takes predictions posted to
 * the API ({@code api}) and calls a project's ML backend ({@code MlBackendClient}, behind {@code MlBackendGuard}),
 * and stores each episode's quality flags for workflow's triage screen.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Proposals", allowedDependencies = {
        "common", "dataset", "dataset :: signal", "labeling", "media", "organization", "quality", "storage"})
package dev.touchstone.proposal;
