package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimerWheelTest {

    static final class Entry extends TimerEntry {
        final int id;
        boolean cancelled;
        long firedAt = -1;
        int fires;

        Entry(int id, long deadline) {
            this.id = id;
            this.deadline = deadline;
        }

        @Override
        boolean isCancelledEntry() {
            return cancelled;
        }
    }

    @Test
    void levelsFollowTheHighestDifferingDigit() {
        assertThat(TimerWheel.levelFor(0, 1)).isZero();
        assertThat(TimerWheel.levelFor(0, 63)).isZero();
        assertThat(TimerWheel.levelFor(0, 64)).isEqualTo(1);
        assertThat(TimerWheel.levelFor(0, 64 * 64 - 1)).isEqualTo(1);
        assertThat(TimerWheel.levelFor(0, 64 * 64)).isEqualTo(2);
        assertThat(TimerWheel.levelFor(0, TimerWheel.MAX_DURATION - 1)).isEqualTo(5);
        assertThat(TimerWheel.levelFor(0, Long.MAX_VALUE / 2)).isEqualTo(5);
        assertThat(TimerWheel.levelFor(100, 101)).isZero();
    }

    @Test
    void anEntryDueNowOrEarlierIsNotLinked() {
        TimerWheel w = new TimerWheel(10);
        assertThat(w.insert(new Entry(0, 10))).isFalse();
        assertThat(w.insert(new Entry(1, 3))).isFalse();
        assertThat(w.size()).isZero();
        assertThat(w.nextExpiration()).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * One million timers with random delays over 0–2 s, advanced one 1 ms tick at a time: each
     * fires exactly once, exactly on its tick, so in deadline order.
     */
    @Test
    void aMillionTimersFireOnceEachOnTheirTick() {
        runMillion(false);
    }

    /** A sweep unlinks exactly the entries it is asked to, at any level; the others fire on their tick. */
    @Test
    void removeIfUnlinksOnlyTheMatchingEntries() {
        TimerWheel wheel = new TimerWheel(0);
        List<Entry> all = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            Entry e = new Entry(i, 1 + rnd.nextLong(1L << 24)); // every level up to 4
            all.add(e);
            assertThat(wheel.insert(e)).isTrue();
        }
        List<Entry> removed = new ArrayList<>();
        wheel.removeIf(e -> ((Entry) e).id % 3 == 0, e -> removed.add((Entry) e));
        assertThat(removed).hasSize(3334).allMatch(e -> e.id % 3 == 0 && e.wheelState == TimerEntry.GONE);
        assertThat(wheel.size()).isEqualTo(10_000 - 3334);
        List<Entry> fired = new ArrayList<>();
        wheel.advance(1L << 25, e -> fired.add((Entry) e), null);
        assertThat(fired).hasSize(10_000 - 3334).noneMatch(e -> e.id % 3 == 0);
        assertThat(wheel.size()).isZero();
        assertThat(wheel.nextExpiration()).isEqualTo(Long.MAX_VALUE);
    }

    /** The same with half cancelled (a quarter unlinked at once, a quarter only flagged): none fires. */
    @Test
    void cancelledTimersNeverFire() {
        runMillion(true);
    }

    private void runMillion(boolean cancelHalf) {
        final int n = 1_000_000;
        SplittableRandom rnd = new SplittableRandom(42);
        TimerWheel w = new TimerWheel(0);
        Entry[] all = new Entry[n];
        List<Entry> firedNow = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all[i] = new Entry(i, rnd.nextLong(2001));
            if (!w.insert(all[i])) {
                all[i].fires++;
                all[i].firedAt = 0;
            }
        }
        int cancelled = 0;
        if (cancelHalf) {
            for (int i = 0; i < n; i += 2) {
                Entry e = all[i];
                e.cancelled = true;
                cancelled++;
                if (e.wheelState == TimerEntry.LINKED && (i & 2) == 0) {
                    w.remove(e);
                }
            }
        }
        int[] dropped = {0};
        for (long tick = 1; tick <= 2001; tick++) {
            long t = tick;
            w.advance(tick, e -> {
                Entry x = (Entry) e;
                x.fires++;
                x.firedAt = t;
            }, e -> dropped[0]++);
        }
        assertThat(w.size()).isZero();
        for (Entry e : all) {
            if (cancelHalf && e.cancelled) {
                if (e.deadline > 0) {
                    assertThat(e.fires).as("cancelled timer %d fired", e.id).isZero();
                }
                continue;
            }
            if (e.fires != 1) {
                throw new AssertionError("timer " + e.id + " fired " + e.fires + " times");
            }
            if (e.firedAt != e.deadline) {
                throw new AssertionError("timer " + e.id + " due " + e.deadline + " fired at " + e.firedAt);
            }
        }
        if (cancelHalf) {
            assertThat(dropped[0]).isPositive().isLessThan(cancelled);
        }
    }

    /** Cascades across hours, weeks and years, in virtual time: never early, never late. */
    @Test
    void longDelaysCascadeDownAndFireOnTheirDeadline() {
        long hour = 3_600_000L;
        long[] deadlines = {3 * hour, 40 * 24 * hour, 5L * 365 * 24 * hour};
        for (long start : new long[] {0, 12_345_678_901L}) {
            TimerWheel w = new TimerWheel(start);
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < deadlines.length; i++) {
                Entry e = new Entry(i, start + deadlines[i]);
                assertThat(w.insert(e)).isTrue();
                entries.add(e);
            }
            for (Entry e : entries) {
                List<Entry> fired = new ArrayList<>();
                w.advance(e.deadline - 1, x -> fired.add((Entry) x), null);
                assertThat(fired).as("nothing early before %d", e.deadline).isEmpty();
                w.advance(e.deadline, x -> fired.add((Entry) x), null);
                assertThat(fired).containsExactly(e);
            }
            assertThat(w.size()).isZero();
        }
    }

    /**
     * Random inserts (up to 2^40 ms ahead, beyond the wheel's reach), cancels and advances of random
     * size, checked against a priority queue: exactly the due entries fire, each once.
     */
    @Test
    void agreesWithAPriorityQueueUnderRandomOperations() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 2000; round++) {
            long start = rnd.nextLong(1L << 40);
            TimerWheel w = new TimerWheel(start);
            PriorityQueue<Entry> model = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
            List<Entry> live = new ArrayList<>();
            long now = start;
            int id = 0;
            for (int op = 0; op < 500; op++) {
                int kind = rnd.nextInt(10);
                if (kind < 5) {
                    long delay = switch (rnd.nextInt(4)) {
                        case 0 -> rnd.nextLong(64);
                        case 1 -> rnd.nextLong(1 << 18);
                        case 2 -> rnd.nextLong(TimerWheel.MAX_DURATION);
                        default -> rnd.nextLong(1L << 40);
                    };
                    Entry e = new Entry(id++, now + delay);
                    if (w.insert(e)) {
                        model.add(e);
                        live.add(e);
                    }
                } else if (kind < 7 && !live.isEmpty()) {
                    Entry e = live.remove(rnd.nextInt(live.size()));
                    model.remove(e);
                    if (e.wheelState == TimerEntry.LINKED) {
                        w.remove(e);
                    }
                } else {
                    long step = switch (rnd.nextInt(3)) {
                        case 0 -> rnd.nextLong(100);
                        case 1 -> rnd.nextLong(1L << 24);
                        default -> rnd.nextLong(1L << 38);
                    };
                    now += step;
                    List<Entry> fired = new ArrayList<>();
                    w.advance(now, x -> fired.add((Entry) x), null);
                    List<Entry> due = new ArrayList<>();
                    while (!model.isEmpty() && model.peek().deadline <= now) {
                        due.add(model.poll());
                    }
                    assertThat(fired).containsExactlyInAnyOrderElementsOf(due);
                    for (int i = 1; i < fired.size(); i++) {
                        assertThat(fired.get(i).deadline).isGreaterThanOrEqualTo(fired.get(i - 1).deadline);
                    }
                    live.removeAll(fired);
                }
            }
            assertThat(w.size()).isEqualTo(model.size());
        }
    }
}
