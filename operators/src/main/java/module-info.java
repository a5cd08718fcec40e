/**
 * {@link dev.rill.Rill}, its operators and the few types its users name. Every operator is
 * package-private in {@code dev.rill}, as Reactor keeps its {@code Flux*} classes.
 */
module dev.rill {
    requires transitive dev.rill.publishers;
    requires org.jctools.core;

    exports dev.rill;
}
