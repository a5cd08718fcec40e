package dev.rill.bench;

import java.util.Locale;

/**
 * Rill's time divided by a peer's (below 1: Rill is faster), with an error: the two scores' JMH
 * half-widths combined to first order (relative errors added in quadrature); {@code NaN} when JMH
 * gave no half-width for either score (too few iterations). Immutable.
 */
record Ratio(double value, double error) {

    static Ratio of(Measurement rill, Measurement peer) {
        if (!rill.unit().equals(peer.unit())) {
            throw new IllegalArgumentException("units differ: " + rill.unit() + " and " + peer.unit());
        }
        double v = rill.score() / peer.score();
        if (Double.isNaN(rill.error()) || Double.isNaN(peer.error())) {
            return new Ratio(v, Double.NaN);
        }
        double r = rill.relativeError();
        double p = peer.relativeError();
        return new Ratio(v, v * Math.sqrt(r * r + p * p));
    }

    /** Two significant digits at most, enough for a ratio measured on a shared machine. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "?";
        }
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.2g", v);
    }

    @Override
    public String toString() {
        return format(value) + " ±" + format(error);
    }
}
