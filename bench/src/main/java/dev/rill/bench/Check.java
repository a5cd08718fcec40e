package dev.rill.bench;

/** Result checks for the benchmarks: a pipeline that skipped work must not produce a number. */
final class Check {

    private Check() {
    }

    static Integer last(Integer got, int expected) {
        if (got == null || got != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + got);
        }
        return got;
    }
}
