package dev.rill.tck;

import java.util.List;

/**
 * One rule of the specification (§1.1 to §3.17) as a report shows it: the rule, what it says in a
 * few words, and the TCK tests that check it (none for a rule the TCK has no test for).
 *
 * @param rule e.g. {@code "2.13"}
 * @param title the rule in a few plain words
 * @param requirement the most binding requirement among its tests ({@code UNTESTED} if none)
 * @param outcome failed if any test failed, else passed if any passed, else skipped
 * @param tests the tests that check it, in the TCK's order
 */
public record RuleRow(String rule, String title, Requirement requirement, Outcome outcome, List<TestOutcome> tests) {
    public RuleRow {
        tests = List.copyOf(tests);
    }
}
