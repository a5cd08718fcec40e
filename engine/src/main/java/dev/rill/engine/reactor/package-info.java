/**
 * Rill under Project Reactor: {@link dev.rill.engine.reactor.RillReactor} gives Reactor
 * {@code Scheduler}s backed by an engine and installs them as Reactor's shared schedulers. Needs
 * reactor-core on the class or module path (an optional dependency of the engine).
 */
package dev.rill.engine.reactor;
