package dev.outpost.attribution;

/**
 * One visit of a converting visitor, as the attribution models see it.
 *
 * @param ts     when the visit started, epoch milliseconds
 * @param direct true when the visit's channel was "direct" (no source)
 */
public record Touch(long ts, boolean direct) {
}
