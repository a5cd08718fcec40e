package dev.rill.bench;

/**
 * A goal for one row of a table: Rill's time at most {@code bound} times a peer's time, that peer
 * named, or the faster of the table's peers when {@code peer} is null. Immutable.
 */
record Target(String peer, double bound) {

    static Target vsFaster(double bound) {
        return new Target(null, bound);
    }

    static Target vs(String peer, double bound) {
        return new Target(peer, bound);
    }

    /** How the target reads in a table cell: {@code ≤ 0.3 × netty}. */
    String label() {
        return "≤ " + Ratio.format(bound) + " × " + (peer == null ? "faster peer" : peer);
    }
}
