package dev.rill.engine;

/** Stand-ins around a {@link WorkerTimers} for its tests: a driver whose clock stands still, and a host. */
final class WorkerTimersFakes {

    private WorkerTimersFakes() {
    }

    /** A driver at time 0 that runs a dispatched timer at once and ignores notices and wake-ups. */
    static WorkerTimers.Driver standingDriver() {
        return new WorkerTimers.Driver() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void dispatch(ScheduledTask<?> t) {
                t.run();
            }

            @Override
            public void noticeDue(long tick) {
            }

            @Override
            public void wakeThread() {
            }
        };
    }

    /** A host for one-shot timers of {@code timers}, routing a cancel as {@link TimerDriver#disarm} does. */
    static TimerHost host(WorkerTimers timers) {
        return new TimerHost() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void arm(ScheduledTask<?> task) {
                throw new AssertionError("one-shot timers only");
            }

            @Override
            public void disarm(ScheduledTask<?> task) {
                if (task.wheel != null) {
                    timers.disarm(task);
                }
            }

            @Override
            public void reportError(Throwable error) {
                throw new AssertionError(error);
            }
        };
    }
}
