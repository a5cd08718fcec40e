/**
 * Rill's work-stealing scheduler: {@link dev.rill.engine.Engine} and what it hands out, with no
 * dependency on Reactive Streams. The Reactor and RxJava adapters and the Micrometer binder need
 * their library only when used ({@code requires static}); what the adapters share
 * ({@code dev.rill.engine.adapter}) is not exported. The engine's JFR events need {@code jdk.jfr}.
 */
// reactor-core and micrometer-core name their modules only in their manifests; the adapters' and
// the binder's signatures name the libraries' types, which an application that uses one has
// already (static, so not transitive).
@SuppressWarnings("requires-automatic")
module dev.rill.engine {
    requires org.jctools.core;
    requires jdk.jfr;
    requires static reactor.core;
    requires static io.reactivex.rxjava3;
    requires static micrometer.core;

    exports dev.rill.engine;
    exports dev.rill.engine.reactor;
    exports dev.rill.engine.rxjava;
    exports dev.rill.engine.micrometer;
}
