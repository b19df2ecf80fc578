/**
 * JavaFX plumbing every app package may use, and which uses no app package (so the training
 * session below the app's core can use it too): {@link dev.unroll.app.fx.BackgroundTasks}, the one
 * way to run work off the JavaFX thread and bring its result back; {@link dev.unroll.app.fx.Throttle},
 * the one way to run something at most so often; {@link dev.unroll.app.fx.Animations}, the registry
 * of the app's running timers (an idle app runs none).
 */
package dev.unroll.app.fx;
