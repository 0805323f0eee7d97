package app.extramile.rounds.solver;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.domain.variable.descriptor.ListVariableDescriptor;
import ai.timefold.solver.core.impl.heuristic.move.Move;
import ai.timefold.solver.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;
import ai.timefold.solver.core.impl.heuristic.selector.move.generic.list.ListAssignMove;
import ai.timefold.solver.core.impl.heuristic.selector.move.generic.list.ListChangeMove;
import ai.timefold.solver.core.impl.heuristic.selector.move.generic.list.ListSwapMove;
import ai.timefold.solver.core.impl.heuristic.selector.move.generic.list.SubListChangeMove;
import ai.timefold.solver.core.impl.heuristic.selector.move.generic.list.SubListSwapMove;
import ai.timefold.solver.core.impl.score.director.InnerScoreDirector;

/**
 * Moves that only relate a stop to one of its nearest neighbours (the community edition
 * of Timefold has no nearby selection): put the stop next to a neighbour, swap it with
 * the neighbour's successor, or exchange the two routes' tails after them (2-opt*). Most
 * improving moves in vehicle routing are of this kind, so far fewer moves are wasted than
 * with uniform random selection.
 */
public class NearbyMoves implements MoveIteratorFactory<VrpSolution, Move<VrpSolution>> {

	/** How many nearest neighbours a move may pick from. */
	static final int NEIGHBOURS = 12;

	private static final int ATTEMPTS = 1000;

	@Override
	public long getSize(ScoreDirector<VrpSolution> scoreDirector) {
		return (long) scoreDirector.getWorkingSolution().getVisits().size() * NEIGHBOURS * 4;
	}

	@Override
	public Iterator<Move<VrpSolution>> createOriginalMoveIterator(ScoreDirector<VrpSolution> scoreDirector) {
		throw new UnsupportedOperationException("nearby moves are only selected at random");
	}

	@Override
	public Iterator<Move<VrpSolution>> createRandomMoveIterator(ScoreDirector<VrpSolution> scoreDirector,
			Random random) {
		ListVariableDescriptor<VrpSolution> descriptor = ((InnerScoreDirector<VrpSolution, ?>) scoreDirector)
			.getSolutionDescriptor()
			.getListVariableDescriptor();
		return new Iterator<>() {

			private Move<VrpSolution> upcoming;

			@Override
			public boolean hasNext() {
				if (this.upcoming == null) {
					VrpSolution solution = scoreDirector.getWorkingSolution();
					// A day with nothing nearby to move (one stop, all left out) has no
					// such move.
					for (int attempt = 0; attempt < ATTEMPTS && this.upcoming == null; attempt++) {
						this.upcoming = pick(solution.getVisits(), solution.getNeighbours(), descriptor, random);
					}
				}
				return this.upcoming != null;
			}

			@Override
			public Move<VrpSolution> next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				Move<VrpSolution> move = this.upcoming;
				this.upcoming = null;
				return move;
			}
		};
	}

	private static Move<VrpSolution> pick(List<Visit> visits, Neighbours neighbours,
			ListVariableDescriptor<VrpSolution> descriptor, Random random) {
		if (visits.size() < 2) {
			return null;
		}
		Visit v = visits.get(random.nextInt(visits.size()));
		int[] near = neighbours.of(v.getIndex());
		Visit w = visits.get(near[random.nextInt(Math.min(NEIGHBOURS, near.length))]);
		Vehicle b = w.getVehicle();
		if (b == null) {
			return null;
		}
		int wi = w.getPosition();
		Vehicle a = v.getVehicle();
		if (a == null) {
			int at = wi + (random.nextBoolean() ? 1 : 0);
			return (at >= b.getFixedCount()) ? new ListAssignMove<>(descriptor, v, b, at) : null;
		}
		int vi = v.getPosition();
		if (vi < a.getFixedCount()) {
			return null;
		}
		switch (random.nextInt(4)) {
			case 0 -> {
				// v right after w
				int at = (a == b && vi < wi) ? wi : wi + 1;
				if (a == b && at == vi || at < b.getFixedCount()) {
					return null;
				}
				return new ListChangeMove<>(descriptor, a, vi, b, at);
			}
			case 1 -> {
				// v right before w
				int at = (a == b && vi < wi) ? wi - 1 : wi;
				if (a == b && at == vi || at < b.getFixedCount()) {
					return null;
				}
				return new ListChangeMove<>(descriptor, a, vi, b, at);
			}
			case 2 -> {
				// swap v with w's successor, so v follows w
				int si = wi + 1;
				if (si >= b.getVisits().size() || si < b.getFixedCount() || (a == b && si == vi)) {
					return null;
				}
				return new ListSwapMove<>(descriptor, a, vi, b, si);
			}
			default -> {
				// 2-opt*: v's route continues with w and the rest of w's route, w's route
				// continues with what followed v
				if (a == b || wi < b.getFixedCount()) {
					return null;
				}
				int aTail = a.getVisits().size() - (vi + 1);
				int bTail = b.getVisits().size() - wi;
				if (aTail > 0) {
					return new SubListSwapMove<>(descriptor, a, vi + 1, a.getVisits().size(), b, wi,
							b.getVisits().size(), false);
				}
				return new SubListChangeMove<>(descriptor, b, wi, bTail, a, vi + 1, false);
			}
		}
	}

}
