package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Finds the {@link VarHandle} of a field of the calling class, turning the checked reflective
 * failure (a typo, caught by the first test that loads the class) into an {@link Error}, so a
 * static initializer stays one line per field. The engine's own copy of the protocol kit's helper:
 * the scheduler depends on nothing from Reactive Streams.
 *
 * <pre>{@code private static final VarHandle WIP = VarHandles.field(MethodHandles.lookup(), "wip", int.class);}</pre>
 */
final class VarHandles {

    private VarHandles() {
    }

    /** The handle of {@code name} (of {@code type}) in the lookup's class. */
    static VarHandle field(MethodHandles.Lookup lookup, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(lookup.lookupClass(), name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
