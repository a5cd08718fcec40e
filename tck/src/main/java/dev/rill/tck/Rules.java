package dev.rill.tck;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules of the Reactive Streams specification (§1.1 to §3.17) as a report names them: each
 * rule's number, a few words saying what it asks, and where to look when a test of it fails. The
 * words are Rill's summary, not the specification's text: read the specification for the rule
 * itself.
 *
 * <p>Threading: immutable.
 */
final class Rules {

    /** One rule: its number ("1.9"), what it asks in a few words, and where to look when it fails. */
    record Rule(String number, String title, String hint) {
    }

    private static final Pattern SPEC = Pattern.compile("spec(\\d)(\\d\\d)");

    static final List<Rule> ALL = List.of(
            new Rule("1.1", "no more onNext than requested",
                    "the publisher signalled more values than the subscriber asked for: look at how it counts demand before each onNext"),
            new Rule("1.2", "may send fewer than requested, then must terminate",
                    "what it sent did not fit the demand: fewer values than requested and then no onComplete or onError, or more than requested (then §1.1 fails too)"),
            new Rule("1.3", "signals to one subscriber never overlap",
                    "two signals reached the subscriber at the same time: the emission path lacks serialisation (a drain loop or lock)"),
            new Rule("1.4", "a failing publisher signals onError",
                    "the failed publisher did not signal onError (or threw instead): look at its subscribe path and failed()"),
            new Rule("1.5", "a finished publisher signals onComplete",
                    "the publisher did not complete after its last value: look at where it decides the stream has ended"),
            new Rule("1.6", "after a terminal signal the subscription is over",
                    "the publisher kept treating the subscription as live after onError or onComplete"),
            new Rule("1.7", "nothing after onError or onComplete",
                    "a signal followed a terminal one: look for a missing done flag on the emission path"),
            new Rule("1.8", "once cancelled, the publisher eventually falls silent",
                    "values kept coming after cancel: the emission loop must check for cancellation"),
            new Rule("1.9", "subscribe starts with onSubscribe and returns normally",
                    "subscribe must call onSubscribe first and must not throw (except for a null subscriber)"),
            new Rule("1.10", "subscribe may be called again with other subscribers",
                    "a second subscriber was refused or disturbed the first"),
            new Rule("1.11", "several subscribers are optional, the publisher decides how",
                    "subscribers of the same publisher saw inconsistent streams"),
            new Rule("2.1", "a subscriber asks for values with request",
                    "the subscriber did not signal demand, so it never receives values"),
            new Rule("2.2", "slow handling should be made asynchronous",
                    "the subscriber held the publisher up while handling a signal"),
            new Rule("2.3", "onError/onComplete must not call back into the subscription",
                    "the subscriber called request or cancel from onError or onComplete"),
            new Rule("2.4", "after onError/onComplete the subscription is over",
                    "the subscriber used its subscription after a terminal signal"),
            new Rule("2.5", "a second subscription gets cancelled",
                    "the subscriber accepted (did not cancel) a subscription while it already had one"),
            new Rule("2.6", "cancel what is no longer needed",
                    "the subscriber kept a subscription it no longer uses"),
            new Rule("2.7", "calls to the subscription are serial",
                    "the subscriber called request or cancel from two threads at once"),
            new Rule("2.8", "values may still arrive after cancel",
                    "the subscriber misbehaved when a value arrived after it had cancelled"),
            new Rule("2.9", "onComplete may come without any request",
                    "the subscriber could not handle onComplete before it had requested"),
            new Rule("2.10", "onError may come without any request",
                    "the subscriber could not handle onError before it had requested"),
            new Rule("2.11", "what a signal carries is visible to its handling",
                    "the subscriber's handling of signals is not safely published across threads"),
            new Rule("2.12", "onSubscribe at most once per subscriber",
                    "the same subscriber was subscribed twice: a subscriber instance must not be reused"),
            new Rule("2.13", "signal methods return normally; null arguments throw NullPointerException",
                    "a signal method threw, or accepted null instead of throwing NullPointerException"),
            new Rule("3.1", "request and cancel only by the subscriber that owns the subscription",
                    "the subscription was used outside its subscriber's context"),
            new Rule("3.2", "request may be called from onNext and onSubscribe",
                    "the subscription misbehaved when request was called from inside a signal"),
            new Rule("3.3", "request and onNext must not recurse without bound",
                    "request calling onNext calling request grew the stack: use a drain loop with a work counter"),
            new Rule("3.4", "request should return quickly",
                    "request did heavy work on the caller's thread"),
            new Rule("3.5", "cancel is quick, idempotent and thread-safe",
                    "cancel blocked, failed on a second call, or raced"),
            new Rule("3.6", "after cancel, request and cancel do nothing",
                    "a request after cancel had an effect (values or an error): ignore calls once cancelled"),
            new Rule("3.7", "after cancel, more cancels do nothing",
                    "a second cancel had an effect"),
            new Rule("3.8", "request adds to the demand",
                    "demand from several requests was not added up"),
            new Rule("3.9", "request(n <= 0) signals IllegalArgumentException",
                    "a non-positive request must end the stream with onError(IllegalArgumentException), not throw or be ignored"),
            new Rule("3.10", "request may call onNext synchronously",
                    "synchronous delivery from inside request went wrong"),
            new Rule("3.11", "request may call onComplete or onError synchronously",
                    "a terminal signal from inside request went wrong"),
            new Rule("3.12", "cancel must lead to no more signals, eventually",
                    "signals kept coming after cancel"),
            new Rule("3.13", "cancel eventually drops the reference to the subscriber",
                    "the publisher still held the subscriber after cancel: clear the field that refers to it"),
            new Rule("3.14", "cancel may shut an idle publisher down",
                    "cancelling disturbed the publisher in a way this rule does not allow"),
            new Rule("3.15", "cancel returns normally",
                    "cancel threw"),
            new Rule("3.16", "request returns normally",
                    "request threw instead of signalling onError"),
            new Rule("3.17", "demand up to Long.MAX_VALUE is supported (and may mean unbounded)",
                    "demand overflowed: cap the sum at Long.MAX_VALUE instead of wrapping around"));

    private static final Map<String, Rule> BY_NUMBER = ALL.stream().collect(Collectors.toMap(Rule::number, Function.identity()));

    private Rules() {
    }

    /** The rule a TCK test checks, from its name ({@code spec109} gives "1.9", {@code spec317} "3.17"), or "". */
    static String ruleOf(String testMethod) {
        Matcher m = SPEC.matcher(testMethod);
        if (!m.find()) {
            return "";
        }
        return m.group(1) + "." + Integer.parseInt(m.group(2));
    }

    /** The rule numbered {@code number}, or null for "" and anything outside §1.1 to §3.17. */
    static Rule get(String number) {
        return BY_NUMBER.get(number);
    }
}
