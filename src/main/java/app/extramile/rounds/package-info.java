/**
 * The delivery round planner: vehicle routing with time windows and capacity (Timefold
 * Solver), usable without Spring (the {@code solve-vrptw} command) and by the errands
 * module for a shop's delivery day.
 */
package app.extramile.rounds;
