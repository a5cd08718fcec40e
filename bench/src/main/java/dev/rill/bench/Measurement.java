package dev.rill.bench;

/**
 * One JMH score: time per operation, JMH's 99.9 % confidence half-width ({@code NaN} when JMH
 * could not compute one, e.g. a single iteration) and the unit. Immutable.
 */
record Measurement(double score, double error, String unit) {

    /** The error as a share of the score (0 when unknown): what a ratio's error is built from. */
    double relativeError() {
        return Double.isNaN(error) || score == 0 ? 0 : error / score;
    }
}
