/**
 * Rill under RxJava 3: {@link dev.rill.engine.rxjava.RillRx} gives RxJava {@code Scheduler}s
 * backed by an engine and installs them through {@code RxJavaPlugins}. Needs RxJava on the class or
 * module path (an optional dependency of the engine).
 */
package dev.rill.engine.rxjava;
