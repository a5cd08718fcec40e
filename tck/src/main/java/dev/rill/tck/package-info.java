/**
 * The conformance runner: {@link dev.rill.tck.Conformance} runs the Reactive Streams TCK 1.0.4
 * against anyone's publisher, from Java or the command line, and reports each rule as passed,
 * failed or skipped. {@code tck/README.md} shows both uses.
 */
package dev.rill.tck;
