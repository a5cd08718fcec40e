/**
 * Rill's engine in Micrometer: {@link dev.rill.engine.micrometer.EngineMeterBinder} binds an
 * engine's metrics to a {@code MeterRegistry}. Needs micrometer-core on the class or module path
 * (an optional dependency of the engine).
 */
package dev.rill.engine.micrometer;
