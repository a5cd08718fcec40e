/**
 * What the Reactor and RxJava adapters share, whatever library's interface they wear: the
 * scheduler lifecycle and task counts ({@code AdapterCore}), the state behind a library's
 * {@code Disposable} ({@code AdaptedTask}), the delayed and periodic tasks to cancel on dispose
 * ({@code TaskSet}) and the bounded scheduler behind {@code single()} and {@code newParallel(name, n)}
 * ({@code RailScheduler}).
 * Public only so the adapter packages can reach it: {@code module-info} does not export it, and it
 * is not API.
 */
package dev.rill.engine.adapter;
