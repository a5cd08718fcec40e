/**
 * Test any Reactive Streams publisher step by step ({@link dev.rill.test.StepVerifier}) or by
 * recording what it sends ({@link dev.rill.test.TestSubscriber}); both check the publisher's side of
 * the protocol as they go.
 */
package dev.rill.test;
