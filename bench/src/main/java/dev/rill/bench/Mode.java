package dev.rill.bench;

/**
 * Where {@link CapacityProbe} runs a trial: in a fresh JVM (cold: class loading, the interpreter
 * and the JIT's first compilations are part of the measurement), or in a JVM that ran the workload
 * first (warm).
 */
enum Mode {
    COLD("cold"),
    WARM("warm");

    final String label;

    Mode(String label) {
        this.label = label;
    }
}
