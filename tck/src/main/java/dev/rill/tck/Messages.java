package dev.rill.tck;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reading the TCK's messages: the line of a failure worth showing, and whether a failure is about
 * timing (a signal that did not come in time, or an unexpected one within a no-signal window), the
 * kind a loaded machine can cause and a rerun with longer timeouts can tell apart.
 *
 * <p>Threading: stateless.
 */
final class Messages {

    private static final Pattern TIMING = Pattern.compile(
            "within \\d+ ?ms|time ?out|timed out|did not receive|expected no(thing| signal| element)|did not expect"
                    + "|produced no element|did not produce|did not complete|produced only|produced less than",
            Pattern.CASE_INSENSITIVE);

    private Messages() {
    }

    /**
     * What a failed or skipped test reports: the first line of the TCK's message, or, when it
     * carries none, what the test checks (from its name) and the type of what was thrown.
     */
    static String firstLine(String method, Throwable t) {
        String first = t == null || t.getMessage() == null ? ""
                : t.getMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        if (!first.isEmpty()) {
            return first;
        }
        return describe(method) + (t == null ? "" : " (failed with " + t.getClass().getName() + ", no message)");
    }

    /** {@code required_spec109_mayRejectCallsToSubscribe} as "spec109: may reject calls to subscribe". */
    static String describe(String method) {
        String rest = method.replaceFirst("^(required|optional|untested|stochastic)_", "");
        String rule = "";
        int cut = rest.indexOf('_');
        if (rest.startsWith("spec") && cut > 0) {
            rule = rest.substring(0, cut) + ": ";
            rest = rest.substring(cut + 1);
        }
        return rule + rest.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /** True if a failure with this message may come from a slow machine rather than a broken rule. */
    static boolean timingSensitive(String message) {
        return TIMING.matcher(message).find();
    }
}
