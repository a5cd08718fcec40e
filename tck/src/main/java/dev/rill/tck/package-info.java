/**
 * The conformance runner: {@link dev.rill.tck.Conformance} runs the Reactive Streams TCK 1.0.4
 * (publisher, blackbox and whitebox subscriber, identity processor, and their
 * {@code java.util.concurrent.Flow} twins) against anyone's code and reports each rule as passed,
 * failed or skipped, with what it means. {@code tck/README.md} shows how.
 */
package dev.rill.tck;
