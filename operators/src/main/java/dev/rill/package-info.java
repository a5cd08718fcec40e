/**
 * {@link dev.rill.Rill}: a demand-driven stream of values assembled from sources and operators,
 * and the few types its users name ({@link dev.rill.Timed}, {@link dev.rill.BufferOverflow}).
 *
 * <p>Every source adapter, operator and terminal subscriber lives here too, package-private, one
 * per file and named for what it does ({@code RillMap} for {@code map}), with its subscriber
 * nested: the public surface is {@code Rill}'s methods. Shared bases carry the protocol so each
 * operator writes only its own logic: {@code FuseableSubscriber} (one-to-one stages),
 * {@code QueueDrainSubscriber} (a queue drained within demand and budget), {@code QueueInner}
 * (inners of {@code flatMap}/{@code switchMap}), {@code SourcesCoordinator} ({@code zip},
 * {@code combineLatest}), {@code SwitchingSubscriber} (one upstream after another),
 * {@code TimeDrivenSubscriber} (clock-paced stages) and {@code ScalarResultSubscriber} (one
 * result). {@code operators/README.md} maps each operator to its file.
 *
 * <p>Stages fuse where it is safe (a synchronous source polled by the stage below it, a
 * conditional subscriber skipping a request per dropped value) and never across a thread boundary
 * when user code runs in the stage. Drain loops spend the engine's cooperative budget
 * ({@link dev.rill.engine.Budget}) one unit per signal and yield when it runs out.
 */
package dev.rill;
