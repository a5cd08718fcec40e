/**
 * The conformance runner: the Reactive Streams TCK 1.0.4 (and its Flow twins) run against anyone's
 * publisher, subscriber or processor, rule by rule ({@link dev.rill.tck.Conformance}). TestNG builds the verification reflectively, hence the
 * {@code opens}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // the TCK and TestNG name their modules only in their manifests
module dev.rill.tck {
    requires transitive org.reactivestreams;
    requires transitive dev.rill.test;
    requires transitive org.reactivestreams.tck;
    requires org.testng;
    // Only for ConformanceCheck.dynamicTests(), whose callers run on JUnit 5 and so have both.
    requires static transitive org.junit.jupiter.api;
    requires static org.opentest4j;

    exports dev.rill.tck;
    opens dev.rill.tck to org.testng;
}
