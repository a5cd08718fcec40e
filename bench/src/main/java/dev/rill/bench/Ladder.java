package dev.rill.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The search for a variant's capacity: the highest arrival rate it sustains. Starting at {@code
 * start}, multiply the rate by {@code step} after every sustained trial until one is not sustained
 * or {@code max} was sustained. If the start itself fails, divide instead until one is sustained,
 * but not below a tenth of the start: a variant that fails there is reported as below it rather
 * than searched for at rates nobody asked about. Then bisect {@code bisections} times between the
 * highest sustained rate and the lowest failed one. Rates are rounded to {@value #GRAIN} requests
 * per second.
 *
 * <p>Pure logic: what a trial is comes from the caller, so the search can be tested with a fake.
 * Threading: {@link #climb} runs the trials one after another on the calling thread.
 */
record Ladder(int start, double step, int max, int bisections) {

    /** Rates are multiples of this; bisection stops when the bracket is this narrow. */
    static final int GRAIN = 100;

    Ladder {
        if (start < GRAIN || max < start || step <= 1 || bisections < 0) {
            throw new IllegalArgumentException("need " + GRAIN + " <= start <= max, step > 1, bisections >= 0; got "
                    + "start " + start + ", max " + max + ", step " + step + ", bisections " + bisections);
        }
    }

    /** Runs the search; {@code trial} runs one trial at the rate it is given. */
    Result climb(IntFunction<Trial> trial) {
        List<Trial> trials = new ArrayList<>();
        int pass = 0;
        int fail = Integer.MAX_VALUE;
        int rate = round(start);
        if (run(trial, rate, trials)) {
            pass = rate;
            while (pass < max) {
                int next = Math.min(max, Math.max(pass + GRAIN, round(pass * step)));
                if (!run(trial, next, trials)) {
                    fail = next;
                    break;
                }
                pass = next;
            }
        } else {
            fail = rate;
            int floor = Math.max(GRAIN, round(start / 10.0));
            while (fail > floor) {
                int next = Math.max(floor, round(fail / step));
                if (next >= fail) {
                    break;
                }
                if (run(trial, next, trials)) {
                    pass = next;
                    break;
                }
                fail = next;
            }
        }
        for (int i = 0; i < bisections && pass > 0 && fail != Integer.MAX_VALUE && fail - pass > GRAIN; i++) {
            int mid = round((pass + (long) fail) / 2.0);
            if (mid <= pass || mid >= fail) {
                break;
            }
            if (run(trial, mid, trials)) {
                pass = mid;
            } else {
                fail = mid;
            }
        }
        return new Result(trials);
    }

    private static boolean run(IntFunction<Trial> trial, int rate, List<Trial> trials) {
        Trial t = trial.apply(rate);
        trials.add(t);
        return t.sustained();
    }

    static int round(double rate) {
        return (int) Math.round(rate / GRAIN) * GRAIN;
    }

    /**
     * A search's trials, in the order run. The capacity is the highest sustained rate (0 if none);
     * the search never tries a rate above one that failed, so that is also the last rate passed.
     */
    record Result(List<Trial> trials) {
        Result {
            trials = List.copyOf(trials);
        }

        int capacity() {
            return trials.stream().filter(Trial::sustained).mapToInt(Trial::rate).max().orElse(0);
        }

        /** True if no trial failed: the capacity is at least the highest rate tried, maybe more. */
        boolean unbounded() {
            return trials.stream().allMatch(Trial::sustained);
        }

        /** The lowest rate tried (the floor to quote when nothing was sustained). */
        int lowest() {
            return trials.stream().mapToInt(Trial::rate).min().orElse(0);
        }
    }
}
