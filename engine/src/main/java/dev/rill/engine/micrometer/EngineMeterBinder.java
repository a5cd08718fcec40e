package dev.rill.engine.micrometer;

import dev.rill.engine.Engine;
import dev.rill.engine.EngineMetrics;
import dev.rill.engine.WorkerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Binds an {@link Engine}'s metrics to a Micrometer registry. Every meter is tagged {@code engine}
 * (the engine's name) plus the tags given here; per-worker meters add {@code worker} (its index:
 * bounded by the worker count). Nothing is tagged by task, so the number of series is fixed.
 *
 * <pre>{@code new EngineMeterBinder(engine, Tags.of("app", "orders")).bindTo(registry);}</pre>
 *
 * <p>Per worker ({@code engine}, {@code worker}):
 * <ul>
 *   <li>{@code rill.engine.tasks.run}: counter, task runs (a yielded task's every run counted);</li>
 *   <li>{@code rill.engine.steals}, {@code rill.engine.steals.tasks}: counters, successful steals
 *       and the tasks they moved;</li>
 *   <li>{@code rill.engine.parks}: counter, times the worker went to sleep for lack of work;</li>
 *   <li>{@code rill.engine.budget.yields}: counter, runs that spent their budget and yielded;</li>
 *   <li>{@code rill.engine.busy}: counter in seconds, time busy (alive minus parked);</li>
 *   <li>{@code rill.engine.queue.local}: gauge, tasks in the worker's local queue.</li>
 * </ul>
 * Per engine ({@code engine}):
 * <ul>
 *   <li>{@code rill.engine.queue.global}: gauge, tasks in the global injection queue;</li>
 *   <li>{@code rill.engine.workers.parked}: gauge, workers asleep now;</li>
 *   <li>{@code rill.engine.stuck.incidents}: counter, times a worker was found stuck in one run;</li>
 *   <li>{@code rill.engine.timers.armed}, {@code .fired}, {@code .cancelled}: counters;
 *       {@code rill.engine.timers.pending}: gauge;</li>
 *   <li>{@code rill.engine.blocking.threads}, {@code .active}, {@code .queued}: gauges, the
 *       blocking pool;</li>
 *   <li>{@code rill.engine.schedule.delay}: timer (count and total), time from submit to the start
 *       of the run, of about one submission in 1,024: its count is of samples, its mean is the
 *       mean delay.</li>
 * </ul>
 *
 * <p>The meters read one {@link Engine#metrics()} snapshot, kept for up to 100 ms, so a registry
 * publishing them all builds it once. Reading never blocks the workers.
 *
 * <p>Threading: {@link #bindTo} from any thread, once per registry; the meters may be read from
 * any thread.
 */
public final class EngineMeterBinder implements MeterBinder {

    private static final long SNAPSHOT_MAX_AGE_NANOS = 100_000_000L;

    private final Engine engine;
    private final Tags tags;
    private final MetricsCache cache;

    /**
     * A binder for {@code engine}, tagged with its name.
     *
     * @throws NullPointerException if {@code engine} is null
     */
    public EngineMeterBinder(Engine engine) {
        this(engine, Tags.empty());
    }

    /**
     * A binder for {@code engine}, tagged with its name and {@code tags} (keep their values bounded).
     *
     * @throws NullPointerException if an argument is null
     */
    public EngineMeterBinder(Engine engine, Iterable<Tag> tags) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags")).and("engine", engine.name());
        this.cache = new MetricsCache(engine, SNAPSHOT_MAX_AGE_NANOS);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (int i = 0; i < engine.workerCount(); i++) {
            bindWorker(registry, i);
        }
        gauge(registry, "rill.engine.queue.global", "Tasks in the global injection queue", tags,
                EngineMetrics::globalQueueDepth);
        gauge(registry, "rill.engine.workers.parked", "Workers asleep for lack of work", tags,
                EngineMetrics::parked);
        counter(registry, "rill.engine.stuck.incidents", "Times a worker was found stuck in one task run",
                null, tags, EngineMetrics::stuckIncidents);
        counter(registry, "rill.engine.timers.armed", "Timers armed", null, tags, EngineMetrics::timersArmed);
        counter(registry, "rill.engine.timers.fired", "Timers that came due", null, tags,
                EngineMetrics::timersFired);
        counter(registry, "rill.engine.timers.cancelled", "Timers cancelled before they fired", null, tags,
                EngineMetrics::timersCancelled);
        gauge(registry, "rill.engine.timers.pending", "Timers armed and not yet fired or cancelled", tags,
                EngineMetrics::timersPending);
        gauge(registry, "rill.engine.blocking.threads", "Threads in the blocking pool", tags,
                EngineMetrics::blockingThreads);
        gauge(registry, "rill.engine.blocking.active", "Blocking threads running a task", tags,
                EngineMetrics::blockingActive);
        gauge(registry, "rill.engine.blocking.queued", "Blocking tasks waiting for a thread", tags,
                EngineMetrics::blockingQueued);
        FunctionTimer.builder("rill.engine.schedule.delay", cache, c -> cache.get().scheduleDelaySamples(),
                        c -> cache.get().scheduleDelayTotalNanos(), TimeUnit.NANOSECONDS)
                .description("Time from submit to the start of the run, of about one submission in 1,024")
                .tags(tags)
                .register(registry);
    }

    private void bindWorker(MeterRegistry registry, int index) {
        Tags t = tags.and("worker", Integer.toString(index));
        counter(registry, "rill.engine.tasks.run", "Task runs", null, t, m -> worker(m, index).tasksRun());
        counter(registry, "rill.engine.steals", "Successful steals from other workers' queues", null, t,
                m -> worker(m, index).stealOperations());
        counter(registry, "rill.engine.steals.tasks", "Tasks moved by steals", null, t,
                m -> worker(m, index).stolenTasks());
        counter(registry, "rill.engine.parks", "Times the worker went to sleep for lack of work", null, t,
                m -> worker(m, index).parks());
        counter(registry, "rill.engine.budget.yields", "Runs that spent their budget and yielded", null, t,
                m -> worker(m, index).budgetYields());
        counter(registry, "rill.engine.busy", "Time the worker was busy (alive minus parked)", "seconds", t,
                m -> worker(m, index).busyNanos() / 1e9);
        gauge(registry, "rill.engine.queue.local", "Tasks in the worker's local queue", t,
                m -> worker(m, index).localQueueDepth());
    }

    private static WorkerMetrics worker(EngineMetrics m, int index) {
        return m.workers().get(index);
    }

    private void counter(MeterRegistry registry, String name, String description, String baseUnit, Tags t,
                         ToDoubleFunction<EngineMetrics> value) {
        // Micrometer holds a function meter's state object weakly; the function, which it holds
        // strongly, reaches the cache itself, so the meters keep it alive after the binder is gone.
        FunctionCounter.builder(name, cache, c -> value.applyAsDouble(cache.get()))
                .description(description)
                .baseUnit(baseUnit)
                .tags(t)
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags t,
                       ToDoubleFunction<EngineMetrics> value) {
        Gauge.builder(name, cache, c -> value.applyAsDouble(c.get()))
                .description(description)
                .tags(t)
                .strongReference(true)
                .register(registry);
    }
}
