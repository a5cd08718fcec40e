/**
 * Rill's scheduler: a work-stealing runtime for short non-blocking tasks, with a timer wheel and a
 * pool for blocking work, usable by itself (it needs nothing from Reactive Streams). This page is
 * the design; each class it names carries the details and the proofs.
 *
 * <h2>Structure</h2>
 * An {@link dev.rill.engine.Engine} owns N worker threads ({@code WorkerThread}, default one per
 * core), a global injection queue for work from outside (a JCTools MPMC queue), the idle state
 * ({@code Idle}), the timer thread and inbox ({@code TimerDriver}) with the wheel
 * ({@code TimerWheel}), and the blocking pool ({@code BlockingPool}). Each worker has a ring of 256
 * slots ({@code LocalQueue}) and a LIFO slot. Work is a {@code Runnable} or a
 * {@link dev.rill.engine.Task}: a reusable unit whose state machine ({@code TaskState}) makes any
 * number of wake-ups before a run collapse into one run, with no allocation, which is how a stream
 * stage is woken once per signal for free.
 *
 * <h2>Scheduling policy</h2>
 * A task scheduled from a worker of the same engine goes to that worker's LIFO slot and runs next
 * (message passing stays on one core); the task it displaces goes to the back of the ring. The
 * slot is used at most three times in a row, so two tasks waking each other cannot starve the
 * ring, and it is skipped by a task whose budget ran out (its continuation waits its turn). Work
 * from other threads goes to the global queue. A worker takes its next task from the LIFO slot,
 * then its ring, then a batch of the global queue; every few ticks it looks at the global queue
 * first, at an interval tuned to the length of its tasks, so outside work cannot starve.
 *
 * <h2>Cooperative budget</h2>
 * Each task run starts with {@link dev.rill.engine.Budget#PER_RUN} units; drain loops spend one per
 * signal and, when told no, schedule themselves again and return, going to the back of the ring.
 * A run that ends its budget while nobody waits for the worker gets a fresh one instead. The state
 * and the policy are in {@code Coop}, reached through the current thread.
 *
 * <h2>Stealing</h2>
 * A worker out of work becomes a searcher, if fewer than half the workers search, and steals half
 * of a random victim's ring in one batch: one CAS claims it, a copy moves it, a second CAS releases
 * it ({@code LocalQueue}). Other workers see a ring only through its {@code Stealer} view. A
 * searcher that finds work stops searching and, if it was the last searcher, wakes another worker,
 * so work fans out.
 *
 * <h2>Parking and waking</h2>
 * A worker with nothing to do lists itself as a sleeper, counts itself out, looks at every queue
 * once more, then parks. A producer publishes its task, then wakes a sleeper only if nobody is
 * searching. The two orders form a Dekker pair, so no wake-up is lost; {@code Idle} states the
 * proof, and a model check ({@code IdleLincheckTest}) explores its interleavings.
 *
 * <h2>Timers</h2>
 * Delays and periods are entries of a hierarchical wheel (6 levels of 64 slots, 100 µs ticks,
 * O(1) insert and cancel; {@code TimerWheel} is a pure structure with time passed in). Arms and
 * cancels from any thread go through an inbox to whoever drives the wheel. Who drives it, and how
 * long a worker may sleep for it, is decided in one place, {@code TimerParking}: the timer thread
 * normally; a worker when that thread is late (at its maintenance tick and when a budget runs
 * out); and, on an idle engine, one worker that sleeps until the next deadline instead of parking
 * and fires what is due into its own queue. Fired tasks always run on workers.
 *
 * <h2>Ordered workers</h2>
 * {@link dev.rill.engine.Scheduler.Worker}: tasks run in submission order, never overlapping, with
 * happens-before between them; on the engine it is a {@code Task} draining its own MPSC queue
 * within the budget ({@code SerialWorker}), so it moves between threads with stealing.
 *
 * <h2>Blocking</h2>
 * {@link dev.rill.engine.Engine#blocking()} runs blocking work on an elastic pool capped at ten
 * threads per core, with a bounded queue beyond the cap; workers never block for it.
 *
 * <h2>Lifecycle</h2>
 * {@code close()} stops intake ({@code IntakeGate}), cancels timers that have not fired, lets
 * queued work finish within a bound and joins every thread; {@code shutdownNow()} returns what
 * never ran. {@link dev.rill.engine.VirtualTimeScheduler} runs the same wheel and timed tasks on a
 * clock that tests move by hand.
 */
package dev.rill.engine;
