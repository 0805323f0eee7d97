package app.extramile.rounds.solver;

import java.util.ArrayList;
import java.util.List;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPinToIndex;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningListVariable;

/**
 * A driver's vehicle: the planning entity whose list variable is the ordered stops. The
 * first {@code fixedCount} stops were placed by staff and are not moved.
 */
@PlanningEntity
public class Vehicle {

	@PlanningId
	private int index;

	private String id;

	private int capacity;

	private long start;

	private long end;

	@PlanningPinToIndex
	private int fixedCount;

	@PlanningListVariable(allowsUnassignedValues = true)
	private List<Visit> visits = new ArrayList<>();

	public Vehicle() {
	}

	public Vehicle(int index, String id, int capacity, long start, long end) {
		this.index = index;
		this.id = id;
		this.capacity = capacity;
		this.start = start;
		this.end = end;
	}

	public int getIndex() {
		return this.index;
	}

	public String getId() {
		return this.id;
	}

	public int getCapacity() {
		return this.capacity;
	}

	public long getStart() {
		return this.start;
	}

	public long getEnd() {
		return this.end;
	}

	public int getFixedCount() {
		return this.fixedCount;
	}

	public void setFixedCount(int fixedCount) {
		this.fixedCount = fixedCount;
	}

	public List<Visit> getVisits() {
		return this.visits;
	}

	public void setVisits(List<Visit> visits) {
		this.visits = visits;
	}

	@Override
	public String toString() {
		return this.id;
	}

}
