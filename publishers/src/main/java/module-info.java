/**
 * The Reactive Streams protocol kit for people writing operators ({@code dev.rill.signal}: demand,
 * the drain counter, fusion contracts, the strict boundary, hooks) and Rill's sources, each a plain
 * {@link org.reactivestreams.Publisher} ({@code dev.rill.publishers}).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // reactive-streams 1.0.4 names its module only in its manifest
module dev.rill.publishers {
    requires transitive dev.rill.engine;
    requires transitive org.reactivestreams;
    requires org.jctools.core;

    exports dev.rill.signal;
    exports dev.rill.publishers;
}
