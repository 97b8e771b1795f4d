package dev.touchstone.curation;

/** A categorical factor takes one of its categories; a numeric one a number that falls into one of its bins. */
public enum FactorKind {
    CATEGORICAL, NUMERIC
}
