package dev.rill.tck;

/**
 * One conformance check, ready to run: the thing under test, which verification applies, and the
 * settings (timeouts, calibrated unless given). Made by {@link Conformance}'s factories.
 *
 * <p>SKELETON (base for the runner and the front ends; replaced before it lands on main).
 */
public final class ConformanceCheck {

    ConformanceCheck() {
    }

    /** Runs every test of the verification against the subject and reports rule by rule. */
    public ConformanceReport run() {
        throw new UnsupportedOperationException("the runner builds this");
    }

    /**
     * The check for {@code subject}, a class instance implementing one of the subject interfaces
     * (the publisher, subscriber, whitebox subscriber or processor one, or a Flow twin); the command
     * line uses it for the class it loads. {@code flow} says the subject is a Flow one when the
     * interface alone does not tell. Throws IllegalArgumentException naming the interfaces it accepts.
     */
    public static ConformanceCheck of(String name, Object subject, boolean flow) {
        throw new UnsupportedOperationException("the runner builds this");
    }

    // Entry points for test frameworks (JUnit 5 dynamic tests, TestNG) go below this line.
}
