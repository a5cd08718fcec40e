package dev.rill.tck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the TCK runs gave into a {@link ConformanceReport}: one {@link TestOutcome} per test
 * of the verification (a test the run never reached is a failure saying why), with its rule, its
 * requirement and its meaning in plain words, then one {@link RuleRow} per rule §1.1 to §3.17.
 *
 * <p>Threading: confined to the thread that builds the report.
 */
final class ReportBuilder {

    private final Map<String, TestOutcome> tests = new LinkedHashMap<>();

    /** Starts from the first run's results; tests it did not reach fail as not run ({@code abandoned} says why). */
    ReportBuilder(List<String> allTests, List<TckResult> results, String abandoned) {
        Map<String, TckResult> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.put(r.test(), r));
        for (String test : allTests) {
            TckResult r = byName.remove(test);
            tests.put(test, r != null ? outcome(r, false) : notRun(test, abandoned));
        }
        byName.values().forEach(r -> tests.put(r.test(), outcome(r, false))); // none expected: shown if any
    }

    /** Replaces the first run's outcome of each rerun test with the rerun's, marked as rerun. */
    void rerun(List<TckResult> reruns, long rerunTimeoutMillis) {
        for (TckResult r : reruns) {
            TestOutcome first = tests.get(r.test());
            if (first == null) {
                continue;
            }
            TestOutcome second = outcome(r, true);
            String meaning = second.outcome() == Outcome.PASSED
                    ? Meanings.ofRerunPass(first.message(), rerunTimeoutMillis) : second.meaning();
            tests.put(r.test(), new TestOutcome(r.test(), second.rule(), second.requirement(), second.outcome(),
                    second.message(), meaning, true, first.elapsedMillis() + second.elapsedMillis()));
        }
    }

    private static TestOutcome outcome(TckResult r, boolean rerun) {
        String rule = Rules.ruleOf(r.test());
        Requirement requirement = Requirement.of(r.test());
        String meaning = switch (r.outcome()) {
            case PASSED -> "";
            case FAILED -> Meanings.ofFailure(r.test(), rule, r.message(), r.blocked(), rerun);
            case SKIPPED -> Meanings.ofSkip(requirement, r.message());
        };
        return new TestOutcome(r.test(), rule, requirement, r.outcome(), r.message(), meaning, rerun, r.elapsedMillis());
    }

    private static TestOutcome notRun(String test, String why) {
        String reason = why == null ? "the run ended before this test" : why;
        return new TestOutcome(test, Rules.ruleOf(test), Requirement.of(test), Outcome.FAILED,
                "not run: " + reason, Meanings.notRun(reason), false, 0);
    }

    /** The tests, by rule (in the specification's order, the TCK's own checks last), then by name. */
    List<TestOutcome> tests() {
        List<TestOutcome> sorted = new ArrayList<>(tests.values());
        sorted.sort(Comparator.comparingInt((TestOutcome t) -> ruleIndex(t.rule())).thenComparing(TestOutcome::test));
        return sorted;
    }

    private static int ruleIndex(String rule) {
        Rules.Rule r = Rules.get(rule);
        return r == null ? Integer.MAX_VALUE : Rules.ALL.indexOf(r);
    }

    /** One row per rule §1.1 to §3.17: the worst outcome of its tests, its most binding requirement. */
    List<RuleRow> rules() {
        List<TestOutcome> all = tests();
        List<RuleRow> rows = new ArrayList<>(Rules.ALL.size());
        for (Rules.Rule rule : Rules.ALL) {
            List<TestOutcome> its = all.stream().filter(t -> t.rule().equals(rule.number())).toList();
            rows.add(new RuleRow(rule.number(), rule.title(), requirement(its), outcome(its), its));
        }
        return rows;
    }

    private static Requirement requirement(List<TestOutcome> tests) {
        Requirement best = Requirement.UNTESTED;
        for (TestOutcome t : tests) {
            if (rank(t.requirement()) < rank(best)) {
                best = t.requirement();
            }
        }
        return best;
    }

    private static int rank(Requirement r) {
        return switch (r) {
            case REQUIRED -> 0;
            case STOCHASTIC -> 1;
            case OPTIONAL -> 2;
            case UNTESTED -> 3;
        };
    }

    private static Outcome outcome(List<TestOutcome> tests) {
        if (tests.stream().anyMatch(t -> t.outcome() == Outcome.FAILED)) {
            return Outcome.FAILED;
        }
        return tests.stream().anyMatch(t -> t.outcome() == Outcome.PASSED) ? Outcome.PASSED : Outcome.SKIPPED;
    }
}
