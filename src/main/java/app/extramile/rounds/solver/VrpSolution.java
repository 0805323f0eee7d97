package app.extramile.rounds.solver;

import java.util.List;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;

/**
 * The solver's view of a day: vehicles (entities with a list of visits) and all visits.
 * Hard: windows, capacity, back in time, pinned driver. Medium: stops left out. Soft:
 * travel.
 */
@PlanningSolution
public class VrpSolution {

	/** Not a fact the constraints use: the nearby moves read it. */
	private Neighbours neighbours;

	@PlanningEntityCollectionProperty
	private List<Vehicle> vehicles;

	@PlanningEntityCollectionProperty
	@ValueRangeProvider
	private List<Visit> visits;

	@PlanningScore
	private HardMediumSoftLongScore score;

	public VrpSolution() {
	}

	public VrpSolution(List<Vehicle> vehicles, List<Visit> visits, Neighbours neighbours) {
		this.vehicles = vehicles;
		this.visits = visits;
		this.neighbours = neighbours;
	}

	public Neighbours getNeighbours() {
		return this.neighbours;
	}

	public List<Vehicle> getVehicles() {
		return this.vehicles;
	}

	public List<Visit> getVisits() {
		return this.visits;
	}

	public HardMediumSoftLongScore getScore() {
		return this.score;
	}

	public void setScore(HardMediumSoftLongScore score) {
		this.score = score;
	}

}
