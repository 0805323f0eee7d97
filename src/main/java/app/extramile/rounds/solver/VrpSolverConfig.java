package app.extramile.rounds.solver;

import java.util.List;

import ai.timefold.solver.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.MoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.list.ListChangeMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.list.ListSwapMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.list.SubListChangeMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.list.SubListSwapMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.list.kopt.KOptListMoveSelectorConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import ai.timefold.solver.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

/**
 * The planner's solver, built by hand (the 1.x Spring Boot starter does not run on Boot
 * 4): the construction heuristic inserts each stop at its cheapest place, then late
 * acceptance local search mixes nearby moves with Timefold's generic list moves (its list
 * ruin-and-recreate selector failed with unassigned values allowed, so it is not used).
 * Callers always override the termination.
 */
public final class VrpSolverConfig {

	private VrpSolverConfig() {
	}

	public static SolverConfig create() {
		List<MoveSelectorConfig> moves = List.of(
				new MoveIteratorFactoryConfig().withMoveIteratorFactoryClass(NearbyMoves.class)
					.withFixedProbabilityWeight(8.0),
				new ListChangeMoveSelectorConfig().withFixedProbabilityWeight(1.0),
				new ListSwapMoveSelectorConfig().withFixedProbabilityWeight(1.0),
				new SubListChangeMoveSelectorConfig().withSelectReversingMoveToo(true).withFixedProbabilityWeight(1.0),
				new SubListSwapMoveSelectorConfig().withSelectReversingMoveToo(true).withFixedProbabilityWeight(1.0),
				new KOptListMoveSelectorConfig().withFixedProbabilityWeight(1.0));
		LocalSearchPhaseConfig localSearch = new LocalSearchPhaseConfig()
			.withMoveSelectorConfig(new UnionMoveSelectorConfig().withMoveSelectorList(moves))
			.withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(400))
			.withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1));
		return new SolverConfig().withSolutionClass(VrpSolution.class)
			.withEnvironmentMode(EnvironmentMode.NO_ASSERT)
			.withEntityClasses(Vehicle.class, Visit.class)
			.withConstraintProviderClass(VrpConstraints.class)
			.withTerminationConfig(new TerminationConfig().withSpentLimit(java.time.Duration.ofSeconds(10)))
			.withPhases(new ConstructionHeuristicPhaseConfig(), localSearch);
	}

}
