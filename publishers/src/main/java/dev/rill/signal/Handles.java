package dev.rill.signal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Finds the {@link VarHandle} of a field of the calling class, turning the checked reflective
 * failure (a typo, caught by the first test that loads the class) into an {@link Error}. Keeps
 * every stage's static initializer to one line per field.
 *
 * <pre>{@code private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);}</pre>
 */
public final class Handles {

    private Handles() {
    }

    /** The handle of {@code name} (of {@code type}) in the lookup's class. */
    public static VarHandle field(MethodHandles.Lookup lookup, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(lookup.lookupClass(), name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
