/**
 * Rill's sources, each a plain {@link org.reactivestreams.Publisher} usable without the rest of
 * Rill: ranges, arrays, iterables, streams, single values, callables, completion stages, timers and
 * intervals on an engine's scheduler, and the bridges from imperative code ({@code create} with an
 * {@link dev.rill.publishers.Emitter}, {@code generate} with a
 * {@link dev.rill.publishers.SynchronousSink}, {@code using}).
 *
 * <p>Synchronous sources share one pull loop, {@link dev.rill.publishers.CursorSubscription}: a
 * source writes only how to produce the next value and when it is exhausted, and the loop keeps
 * demand, cancellation, SYNC fusion and conditional subscribers. {@code RangePublisher} is the
 * model to copy.
 */
package dev.rill.publishers;
