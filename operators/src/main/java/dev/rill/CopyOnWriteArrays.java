package dev.rill;

import java.util.Arrays;

/**
 * The copy-on-write arrays of subscribers that the hot sources and {@code publish} keep: a join or
 * a leave makes a new array, so a drain that read the old one goes on with a consistent snapshot.
 *
 * <p>Threading: the caller holds whatever guards the array (a monitor) and publishes the result
 * itself; these only copy.
 */
final class CopyOnWriteArrays {

    private CopyOnWriteArrays() {
    }

    /** {@code a} with {@code x} at the end. */
    static <T> T[] with(T[] a, T x) {
        T[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = x;
        return b;
    }

    /** {@code a} without {@code x} (compared by identity), or {@code a} itself if it is not there. */
    static <T> T[] without(T[] a, T x) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == x) {
                T[] b = Arrays.copyOf(a, a.length - 1);
                System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                return b;
            }
        }
        return a;
    }
}
