/**
 * Frame packs: how point-cloud and depth streams are stored so that the frame at time t is one small index lookup
 * and one range read. A pack is a data blob (frames back to back) and an index blob ({@link FrameIndex}); depth
 * frames are encoded by {@link DepthFrames}. Layouts are documented in {@code docs/formats/frame-pack.md}.
 */
@org.springframework.modulith.NamedInterface("frames")
package dev.touchstone.dataset.frames;
