package dev.rill.tck;

/**
 * How binding a TCK test is, from the prefix of its name: a {@code required_} or {@code stochastic_}
 * failure means the subject does not conform; an {@code optional_} one is reported apart; an
 * {@code untested_} test is one the TCK itself cannot run and always skips.
 */
public enum Requirement {
    REQUIRED,
    STOCHASTIC,
    OPTIONAL,
    UNTESTED;

    /** The requirement of a TCK test method, e.g. {@code optional_spec104_...} gives OPTIONAL. */
    public static Requirement of(String testMethod) {
        if (testMethod.startsWith("optional_")) {
            return OPTIONAL;
        }
        if (testMethod.startsWith("untested_")) {
            return UNTESTED;
        }
        if (testMethod.startsWith("stochastic_")) {
            return STOCHASTIC;
        }
        return REQUIRED;
    }

    /** True if a failure of a test with this requirement means the subject does not conform. */
    public boolean binding() {
        return this == REQUIRED || this == STOCHASTIC;
    }
}
