package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

/** Every varargs source factory rejects a null source at assembly, naming itself and the index. */
class SourceArraysTest {

    private static final Rill<Integer> ONE = Rill.just(1);
    private static final Function<Object[], Integer> FIRST = row -> (Integer) row[0];

    @Test
    @SuppressWarnings("unchecked")
    void aNullSourceFailsAtAssemblyNamingTheFactoryAndIndex() {
        assertThatThrownBy(() -> Rill.merge(ONE, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("merge: sources[1] is null");
        assertThatThrownBy(() -> Rill.concat(null, ONE)).isInstanceOf(NullPointerException.class)
                .hasMessage("concat: sources[0] is null");
        assertThatThrownBy(() -> Rill.zip(FIRST, ONE, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("zip: sources[1] is null");
        assertThatThrownBy(() -> Rill.combineLatest(FIRST, ONE, ONE, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("combineLatest: sources[2] is null");
        assertThatThrownBy(() -> Rill.merge((Publisher<Integer>[]) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("merge: sources is null");
    }

    /** The factory keeps its own copy: changing the caller's array afterwards changes nothing. */
    @Test
    @SuppressWarnings("unchecked")
    void theCallersArrayIsCopied() throws Exception {
        Publisher<Integer>[] sources = (Publisher<Integer>[]) new Publisher<?>[] {ONE, Rill.just(2)};
        Rill<Integer> merged = Rill.merge(sources);
        sources[1] = null;
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        merged.subscribe(ts);
        assertThat(ts.await().values).containsExactly(1, 2);
    }
}
