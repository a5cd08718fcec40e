package dev.rill;

/**
 * One group of {@link Rill#groupBy}: the values of the source that share a key, in their order,
 * as Reactor's {@code GroupedFlux}. A group is unicast: it has one subscriber, and a second one
 * gets {@code onError(IllegalStateException)}. Its values wait in a queue of its own until its
 * subscriber asks for them; while they wait they count against the {@code groupBy} prefetch, so
 * every group must be subscribed (or cancelled) for the source to go on (see {@link Rill#groupBy}).
 *
 * <pre>{@code
 * orders.groupBy(Order::customer)
 *       .flatMap(g -> g.count().map(n -> g.key() + ": " + n));
 * }</pre>
 *
 * <p>Threading: subscribe, request and cancel from any thread.
 *
 * @param <K> the key's type
 * @param <T> the values' type
 */
public abstract class GroupedRill<K, T> extends Rill<T> {

    GroupedRill() {
    }

    /** The key every value of this group has, as the key function gave it for its first value. */
    public abstract K key();
}
