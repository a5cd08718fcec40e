package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CopyOnWriteArraysTest {

    @Test
    void withAppendsToACopyAndWithoutRemovesByIdentity() {
        String a = new String("a");
        String b = new String("b");
        String c = new String("c");
        String[] none = new String[0];
        String[] abc = CopyOnWriteArrays.with(CopyOnWriteArrays.with(CopyOnWriteArrays.with(none, a), b), c);
        assertThat(abc).containsExactly(a, b, c);
        assertThat(none).isEmpty(); // copies, never in place
        assertThat(CopyOnWriteArrays.without(abc, b)).containsExactly(a, c);
        assertThat(CopyOnWriteArrays.without(abc, a)).containsExactly(b, c);
        assertThat(CopyOnWriteArrays.without(abc, c)).containsExactly(a, b);
        assertThat(CopyOnWriteArrays.without(abc, new String("b"))).isSameAs(abc); // equal is not the same
        assertThat(abc).containsExactly(a, b, c);
        assertThat(CopyOnWriteArrays.without(CopyOnWriteArrays.with(none, a), a)).isEmpty();
    }
}
