package dev.rill.signal;

import java.lang.invoke.VarHandle;

/**
 * The serialized drain loop's work-in-progress counter: whoever moves it from 0 drains; everyone
 * else just bumps it, and the drainer loops again for the "missed" work. That is what keeps a
 * {@code request} from inside {@code onNext} from recursing (§3.3) and lets any thread signal.
 *
 * <pre>{@code
 * if (!Wip.enter(WIP, this)) return;
 * int missed = 1;
 * do { ...emit what demand allows... } while ((missed = Wip.leave(WIP, this, missed)) != 0);
 * }</pre>
 */
public final class Wip {

    private Wip() {
    }

    /** True if the caller now owns the drain. */
    public static boolean enter(VarHandle wip, Object owner) {
        return (int) wip.getAndAdd(owner, 1) == 0;
    }

    /** Gives back {@code missed}; returns the work that arrived meanwhile (0: the drain is over). */
    public static int leave(VarHandle wip, Object owner, int missed) {
        return (int) wip.getAndAdd(owner, -missed) - missed;
    }
}
