package dev.rill.tck;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a test's outcome means, in plain words a person can act on: for a failure, what the broken
 * rule means and where to look; for a skip, why it was skipped and, when the user can change that,
 * what to change.
 *
 * <p>Threading: stateless.
 */
final class Meanings {

    private static final Pattern TOO_FEW = Pattern.compile("required elements nr: (\\d+) is higher than supported by given producer: (\\d+)");
    private static final Pattern SUBSCRIBERS = Pattern.compile("only supports (\\d+) subscribers, while this test requires at least (\\d+)");

    private Meanings() {
    }

    /** Why a test failed, and where to look. */
    static String ofFailure(String test, String rule, String message, boolean blocked, boolean rerun) {
        if (blocked) {
            return "Timeout verdict: the test got no result within its budget, so the subject blocked (in subscribe, "
                    + "request, cancel or a signal method) or never finished; the runner interrupted it. "
                    + inRule(rule);
        }
        String why = whereToLook(test, rule);
        if (rerun) {
            why += " It failed again when rerun with four times the timeouts, so a slow machine does not explain it.";
        }
        return why;
    }

    private static String whereToLook(String test, String rule) {
        Rules.Rule r = Rules.get(rule);
        if (r != null) {
            return "Breaks §" + r.number() + " (" + r.title() + "): " + r.hint() + ".";
        }
        return "The TCK's own check failed (" + Messages.describe(test) + "): the subject did not do what the "
                + "test needs to begin with (for a publisher factory: exactly n values, then onComplete).";
    }

    private static String inRule(String rule) {
        Rules.Rule r = Rules.get(rule);
        return r == null ? "" : "The test checks §" + r.number() + " (" + r.title() + ").";
    }

    /** A test that failed on a timing expectation and passed when rerun with longer timeouts. */
    static String ofRerunPass(String firstMessage, long rerunTimeoutMillis) {
        return "Passed when rerun with " + rerunTimeoutMillis + " ms timeouts after failing on timing (\""
                + firstMessage + "\"): a slow or loaded machine, not a broken rule.";
    }

    /** A test the run did not reach because it was abandoned. */
    static String notRun(String why) {
        return "Not run: the check was abandoned (" + why + ") after a test blocked for good.";
    }

    /** Why a test was skipped, classified from the TCK's skip message. */
    static String ofSkip(Requirement requirement, String message) {
        if (message.contains("no error state Publisher provided")) {
            return "The factory gave no failed publisher: implement failed() (a publisher that signals onError right "
                    + "after onSubscribe) to run this test.";
        }
        Matcher few = TOO_FEW.matcher(message);
        if (few.find()) {
            return "maxElements() is too small for this rule: it needs " + few.group(1) + " elements, the subject "
                    + "allows " + few.group(2) + ". Return at least " + few.group(1) + " from maxElements() if the "
                    + "subject can produce that many (Long.MAX_VALUE - 1 for an unbounded source that can complete).";
        }
        if (message.contains("unable to provide (as signalled by returning Long.MAX_VALUE")) {
            return "maxElements() is Long.MAX_VALUE (a stream that never completes) and this test needs onComplete: "
                    + "return Long.MAX_VALUE - 1 or less if the subject can complete.";
        }
        Matcher subscribers = SUBSCRIBERS.matcher(message);
        if (subscribers.find()) {
            return "Not applicable to this subject: it takes " + subscribers.group(1) + " subscriber(s) at once, the "
                    + "test needs " + subscribers.group(2) + " (maxSubscribers()).";
        }
        if (requirement == Requirement.UNTESTED || message.startsWith("Not verified")) {
            return "Untested by the TCK itself: it has no automated test for this rule; check it by review.";
        }
        if (message.contains("OPTIONAL requirement") || message.contains("*additional* verification")) {
            return "Optional behaviour the subject does not implement (allowed): " + message;
        }
        if (message.contains("abandoned")) {
            return "Not run: the check was abandoned after a test blocked for good.";
        }
        if (message.contains("skipStochasticTests")) {
            return "Stochastic tests are turned off.";
        }
        return "Not applicable to this subject: the TCK skipped it" + (message.isEmpty() ? "." : " (" + message + ").");
    }
}
