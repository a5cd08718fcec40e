/**
 * The Reactive Streams protocol kit, for people writing operators and sources: what every stage
 * needs and should not write again.
 *
 * <ul>
 *   <li>demand arithmetic ({@link dev.rill.signal.Demand}: saturating add, produced, the §3.9
 *       check) and the serialized drain counter ({@link dev.rill.signal.Wip}), both over a
 *       {@code VarHandle} so no stage allocates an atomic;</li>
 *   <li>subscription plumbing ({@link dev.rill.signal.Subscriptions},
 *       {@link dev.rill.signal.SubscriptionArbiter}, {@link dev.rill.signal.EmptySubscription},
 *       {@link dev.rill.signal.DeferredScalarSubscription}, {@link dev.rill.signal.HalfSerializer});</li>
 *   <li>fusion contracts ({@link dev.rill.signal.QueueSubscription} with its modes,
 *       {@link dev.rill.signal.ConditionalSubscriber}, {@link dev.rill.signal.ScalarSupplier} and
 *       {@link dev.rill.signal.ScalarCallable} for macro-fusion);</li>
 *   <li>the strict boundary around a plain {@code Subscriber} ({@link dev.rill.signal.StrictSubscriber})
 *       and the marker of subscribers that need none ({@link dev.rill.signal.CoreSubscriber});</li>
 *   <li>errors that cannot be delivered ({@link dev.rill.signal.Hooks},
 *       {@link dev.rill.signal.Exceptions}, {@link dev.rill.signal.CompositeException}).</li>
 * </ul>
 *
 * <p>Threading: each helper states its own contract; none blocks.
 */
package dev.rill.signal;
