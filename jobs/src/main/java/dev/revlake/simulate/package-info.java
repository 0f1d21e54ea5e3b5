/**
 * The Sales 2.0 company simulator: a pure-Java generator of the raw landing zone
 * ({@link dev.revlake.raw.Source}) for a fictitious B2B software vendor, plus the hidden truth
 * (exact conversion probabilities, true win probabilities, a manifest of injected dirt) that later
 * models and data-quality checks are scored against.
 *
 * <p>Entry point: {@link dev.revlake.simulate.Simulator#run(ProgressListener)} with a
 * {@link dev.revlake.simulate.SimulatorConfig}. Output is byte-identical for the same config.
 * See docs/simulator.md for the model and where its default rates come from.
 */
package dev.revlake.simulate;
