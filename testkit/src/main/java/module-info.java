/**
 * The test kit: {@link dev.rill.test.StepVerifier} and {@link dev.rill.test.TestSubscriber}, for
 * tests of any Reactive Streams publisher, in real or virtual time.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // reactive-streams 1.0.4 names its module only in its manifest
module dev.rill.test {
    requires transitive dev.rill.engine;
    requires transitive org.reactivestreams;

    exports dev.rill.test;
}
