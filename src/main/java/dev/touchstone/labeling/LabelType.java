package dev.touchstone.labeling;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** The label types of PRODUCT.md. Where a type lives decides which options it takes (see {@link LabelSchema}). */
public enum LabelType {
    /** Segments on the timeline with a class, non-overlapping within a track. */
    @JsonProperty("phase")
    PHASE(Place.TIMELINE),
    /** Instants on the timeline with a class. */
    @JsonProperty("event")
    EVENT(Place.TIMELINE),
    /** One (or several) classes for the episode or a segment. */
    @JsonProperty("category")
    CATEGORY(Place.EPISODE_OR_SEGMENT),
    /** An ordinal score between two integers. */
    @JsonProperty("rating")
    RATING(Place.EPISODE_OR_SEGMENT),
    /** Accept or reject, with reason codes. */
    @JsonProperty("verdict")
    VERDICT(Place.EPISODE_OR_SEGMENT),
    /** A natural-language description. */
    @JsonProperty("text")
    TEXT(Place.EPISODE_OR_SEGMENT),
    /** A numeric attribute. */
    @JsonProperty("number")
    NUMBER(Place.EPISODE_OR_SEGMENT),
    /** Boxes on camera frames with class and track id, keyframed. */
    @JsonProperty("box2d")
    BOX2D(Place.SPACE),
    /** Oriented boxes in point clouds with class and track id, keyframed. */
    @JsonProperty("cuboid3d")
    CUBOID3D(Place.SPACE),
    /**
     * Where and why a real episode departs from its simulated twin: intervals on the timeline, each with one failure
     * mode from the definition's taxonomy (its classes) and an optional note. Gaps may overlap each other.
     */
    @JsonProperty("gap")
    GAP(Place.TIMELINE);


    enum Place { TIMELINE, EPISODE_OR_SEGMENT, SPACE }

    private final Place place;

    LabelType(Place place) {
        this.place = place;
    }

    Place place() {
        return place;
    }

    /** The name in JSON and in PRODUCT.md: {@code phase}, {@code box2d}, ... */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Types whose labels carry a class from the definition's class list. */
    public boolean hasClasses() {
        return this == PHASE || this == GAP || this == EVENT || this == CATEGORY || this == BOX2D || this == CUBOID3D;
    }
}
