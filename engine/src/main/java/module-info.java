/**
 * Rill's work-stealing scheduler: {@link dev.rill.engine.Engine} and what it hands out, with no
 * dependency on Reactive Streams. The Reactor and RxJava adapters need their library only when
 * used ({@code requires static}); what they share ({@code dev.rill.engine.adapter}) is not
 * exported.
 */
// reactor-core names its module only in its manifest; the adapters' signatures name the libraries'
// types, which an application that uses an adapter has already (static, so not transitive).
@SuppressWarnings("requires-automatic")
module dev.rill.engine {
    requires org.jctools.core;
    requires static reactor.core;
    requires static io.reactivex.rxjava3;

    exports dev.rill.engine;
    exports dev.rill.engine.reactor;
    exports dev.rill.engine.rxjava;
}
