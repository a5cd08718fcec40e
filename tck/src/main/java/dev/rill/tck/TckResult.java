package dev.rill.tck;

/**
 * What one run of one TCK test gave, before the report interprets it.
 *
 * @param test the TCK's method name
 * @param outcome passed, failed or skipped
 * @param message the TCK's message for a failure or skip (first meaningful line), or ""
 * @param blocked true if the test did not finish within its budget and was interrupted or abandoned
 * @param elapsedMillis how long it ran
 */
record TckResult(String test, Outcome outcome, String message, boolean blocked, long elapsedMillis) {
}
