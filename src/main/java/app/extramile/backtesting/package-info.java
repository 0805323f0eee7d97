/**
 * Backtesting Who's missing: the command-line tools that judge the absences model without
 * starting the app ({@code backtest}, {@code simulate}, {@code backtest-report}), the
 * replay without look-ahead against simple baselines and the BG/NBD model, the simulated
 * village, and the report written to docs/backtest-real.md. Uses the model of the
 * absences module; nothing in the app depends on it.
 */
package app.extramile.backtesting;
