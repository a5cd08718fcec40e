package dev.rill.publishers;

import dev.rill.signal.ConditionalSubscriber;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Emits {@code count} consecutive ints from {@code start}, then completes. Cold, SYNC-fusable.
 *
 * <pre>{@code new RangePublisher(1, 10).subscribe(s); // 1..10}</pre>
 */
public final class RangePublisher implements Publisher<Integer> {

    private final int start;
    private final long end;

    /**
     * @throws IllegalArgumentException if {@code count} is negative or the range passes
     *         {@link Integer#MAX_VALUE}
     */
    public RangePublisher(int start, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("range: count must not be negative, was " + count);
        }
        if ((long) start + count - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("range: start + count overflows int: " + start + " + " + count);
        }
        this.start = start;
        this.end = (long) start + count;
    }

    @Override
    public void subscribe(Subscriber<? super Integer> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        s.onSubscribe(new RangeSubscription(s, start, end, RangeSubscription.COUNTED_LOOP));
    }

    static final class RangeSubscription extends CursorSubscription<Integer> {
        /**
         * Whether the unbounded fast path is the counted loop below: on JDK 25 it lets C2 drop
         * the boxes; on JDK 17, where they stay either way, it measured slower (PipelineBench
         * mapFilterReduce about 1.3 x) than the inherited loop. JDK 21 is not measured. A
         * per-subscription flag (tested both ways on any JDK); read once per request.
         */
        static final boolean COUNTED_LOOP = Runtime.version().feature() >= 25;

        /** Values from which the counted loop is called out of line ({@link #outOfLine}). */
        static final long OUT_OF_LINE = 1 << 12;

        /**
         * The two loops as (RangeSubscription, Subscriber, int, int) -> int, made on the first
         * long loop (a JVM that never runs one, as on JDK 17, never makes them). In static fields
         * that are not final on purpose: C2 folds a static final handle to a constant and inlines
         * through it; one it must load, it calls.
         */
        static final class Loops {
            private static MethodHandle conditional;
            private static MethodHandle plain;

            static {
                MethodHandles.Lookup l = MethodHandles.lookup();
                MethodType loop = MethodType.methodType(int.class, Subscriber.class, int.class, int.class);
                try {
                    conditional = l.findVirtual(RangeSubscription.class, "conditionalLoop",
                                    loop.changeParameterType(0, ConditionalSubscriber.class))
                            .asType(loop.insertParameterTypes(0, RangeSubscription.class));
                    plain = l.findVirtual(RangeSubscription.class, "plainLoop", loop);
                } catch (ReflectiveOperationException e) {
                    throw new ExceptionInInitializerError(e);
                }
            }

            private Loops() {
            }
        }

        private final long end;
        private final boolean counted;
        private long index;

        RangeSubscription(Subscriber<? super Integer> s, int start, long end, boolean counted) {
            super(s);
            this.index = start;
            this.end = end;
            this.counted = counted;
        }

        @Override
        Integer produce() {
            long i = index;
            if (i == end) {
                return null;
            }
            index = i + 1;
            return (int) i;
        }

        /**
         * A counted loop that boxes at the call, as RxJava's range does, instead of the inherited
         * loop over {@code produce()}: there the box merges with produce's {@code null} ("ended")
         * and is null-checked, a use C2 cannot remove, so JDK 25 keeps every box even when all
         * the stages below only unbox it. Here the box's only uses are the stages' unboxing, and
         * JDK 25's C2 removes it (JDK 17's cannot either way). {@code index} is written back only
         * when the loop stops; nothing reads it meanwhile (poll/isEmpty are for fusion, which
         * never runs this loop).
         */
        @Override
        void fastPath() {
            if (!counted) {
                super.fastPath();
                return;
            }
            Subscriber<? super Integer> a = downstream;
            ConditionalSubscriber<? super Integer> c = conditional;
            // int, not long (as RxJava's): the cheaper loop. An end of
            // Integer.MAX_VALUE + 1 wraps to MIN_VALUE, which i reaches by wrapping too.
            int e = (int) end;
            boolean longRun = end - index >= OUT_OF_LINE;
            int i;
            if (c != null) {
                i = longRun ? outOfLine(Loops.conditional, c, (int) index, e) : conditionalLoop(c, (int) index, e);
            } else {
                i = longRun ? outOfLine(Loops.plain, a, (int) index, e) : plainLoop(a, (int) index, e);
            }
            index = i == e ? end : i;
            super.fastPath(); // delivers the cancel, the §3.9 error or the completion
        }

        /**
         * The counted loop for a conditional downstream, in a method of its own (and {@link
         * #plainLoop} for a plain one): with both kinds of downstream in one loop, C2 on JDK 25
         * kept both paths' values live and held the loop's state on the stack, reloading it at
         * every use (bench/README.md, synchronous pipelines). Returns where it stopped.
         */
        private int conditionalLoop(ConditionalSubscriber<? super Integer> c, int i, int e) {
            for (; i != e; i++) {
                if (halted()) {
                    break;
                }
                c.tryOnNext(i);
            }
            return i;
        }

        /**
         * A long loop, called so that it stays a compiled method of its own. A plain call is
         * inlined into whatever C2 compiles above it, and once the per-subscription chain
         * ({@code onSubscribe}, {@code request}) is hot enough to be compiled, that includes the
         * loop: inside that larger unit JDK 25's C2 kept the loop's state on the stack and the
         * pipeline ran slower from then on (bench/README.md, synchronous pipelines). C2 does not
         * inline through a method handle it cannot see as a constant, so the loop is entered
         * through one: a call per subscription, not per value.
         */
        private int outOfLine(MethodHandle loop, Subscriber<? super Integer> s, int i, int e) {
            try {
                return (int) loop.invokeExact(this, s, i, e); // erased types: (RangeSubscription, Subscriber, int, int)int
            } catch (Throwable x) {
                throw RangeSubscription.<RuntimeException>rethrow(x); // whatever the loop threw, as it was
            }
        }

        @SuppressWarnings("unchecked")
        private static <X extends Throwable> RuntimeException rethrow(Throwable t) throws X {
            throw (X) t;
        }

        private int plainLoop(Subscriber<? super Integer> a, int i, int e) {
            for (; i != e; i++) {
                if (halted()) {
                    break;
                }
                a.onNext(i);
            }
            return i;
        }

        @Override
        boolean exhausted() {
            return index == end;
        }
    }
}
