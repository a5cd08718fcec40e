package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.signal.Hooks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Collects what reaches {@link Hooks#onErrorDropped} during each test and puts the default hook
 * back afterwards; with {@link #noneAllowed()} a test that dropped an error fails.
 *
 * <pre>{@code @RegisterExtension final DroppedErrors dropped = DroppedErrors.noneAllowed();}</pre>
 */
final class DroppedErrors implements BeforeEachCallback, AfterEachCallback {

    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final boolean noneAllowed;

    private DroppedErrors(boolean noneAllowed) {
        this.noneAllowed = noneAllowed;
    }

    /** For tests that assert on the dropped errors themselves. */
    static DroppedErrors collect() {
        return new DroppedErrors(false);
    }

    /** For tests where any dropped error is a failure. */
    static DroppedErrors noneAllowed() {
        return new DroppedErrors(true);
    }

    /** Sends dropped errors here again (after a test installed a hook of its own). */
    void install() {
        Hooks.setOnErrorDropped(errors::add);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        errors.clear();
        install();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Hooks.resetOnErrorDropped();
        if (noneAllowed) {
            assertThat(errors).as("errors dropped").isEmpty();
        }
    }
}
