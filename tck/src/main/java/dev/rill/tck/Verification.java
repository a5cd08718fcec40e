package dev.rill.tck;

/** Which of the TCK's verifications a report comes from (each has a {@code java.util.concurrent.Flow} twin). */
public enum Verification {
    PUBLISHER("publisher"),
    SUBSCRIBER_BLACKBOX("subscriber (blackbox)"),
    SUBSCRIBER_WHITEBOX("subscriber (whitebox)"),
    PROCESSOR("identity processor");

    private final String title;

    Verification(String title) {
        this.title = title;
    }

    /** How a report names it, e.g. "subscriber (whitebox)". */
    public String title() {
        return title;
    }
}
