package app.extramile.rounds.solver;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.CascadingUpdateShadowVariable;
import ai.timefold.solver.core.api.domain.variable.IndexShadowVariable;
import ai.timefold.solver.core.api.domain.variable.InverseRelationShadowVariable;
import ai.timefold.solver.core.api.domain.variable.NextElementShadowVariable;
import ai.timefold.solver.core.api.domain.variable.PreviousElementShadowVariable;

/**
 * A stop as the solver sees it: a value of a vehicle's list variable. Its vehicle,
 * neighbours and arrival time are shadow variables that follow the list.
 */
@PlanningEntity
public class Visit {

	@PlanningId
	private int index;

	private String id;

	private int location;

	private int demand;

	private long ready;

	private long due;

	private long service;

	/** Index of the only vehicle this visit may go with, or -1. */
	private int pinnedVehicle = -1;

	private long[][] travel;

	@InverseRelationShadowVariable(sourceVariableName = "visits")
	private Vehicle vehicle;

	@IndexShadowVariable(sourceVariableName = "visits")
	private Integer position;

	@PreviousElementShadowVariable(sourceVariableName = "visits")
	private Visit previous;

	@NextElementShadowVariable(sourceVariableName = "visits")
	private Visit next;

	@CascadingUpdateShadowVariable(targetMethodName = "updateArrival")
	private Long arrival;

	public Visit() {
	}

	public Visit(int index, String id, int location, int demand, long ready, long due, long service, int pinnedVehicle,
			long[][] travel) {
		this.index = index;
		this.id = id;
		this.location = location;
		this.demand = demand;
		this.ready = ready;
		this.due = due;
		this.service = service;
		this.pinnedVehicle = pinnedVehicle;
		this.travel = travel;
	}

	/**
	 * Recomputes the arrival from the previous stop (or the depot); the solver cascades
	 * it.
	 */
	public void updateArrival() {
		if (this.vehicle == null) {
			this.arrival = null;
			return;
		}
		if (this.previous == null) {
			this.arrival = this.vehicle.getStart() + this.travel[0][this.location];
		}
		else {
			Long before = this.previous.getArrival();
			this.arrival = (before == null) ? null
					: this.previous.departureFrom(before) + this.travel[this.previous.location][this.location];
		}
	}

	long departureFrom(long arrivedAt) {
		return Math.max(arrivedAt, this.ready) + this.service;
	}

	public long start() {
		return Math.max(this.arrival, this.ready);
	}

	public long departure() {
		return start() + this.service;
	}

	public long lateness() {
		return (this.arrival == null) ? 0 : Math.max(0, start() - this.due);
	}

	/** Travel from the previous stop or the depot. */
	public long travelIn() {
		return (this.previous == null) ? this.travel[0][this.location]
				: this.travel[this.previous.location][this.location];
	}

	/** Travel from here back to the depot if this is the vehicle's last stop, else 0. */
	public long travelHome() {
		return (this.next == null) ? this.travel[this.location][0] : 0;
	}

	/** How late the vehicle is back at the depot if this is its last stop, else 0. */
	public long lateHome() {
		if (this.next != null || this.arrival == null) {
			return 0;
		}
		return Math.max(0, departure() + this.travel[this.location][0] - this.vehicle.getEnd());
	}

	public boolean isOnWrongVehicle() {
		return this.pinnedVehicle >= 0 && this.vehicle != null && this.vehicle.getIndex() != this.pinnedVehicle;
	}

	public int getIndex() {
		return this.index;
	}

	public String getId() {
		return this.id;
	}

	public int getLocation() {
		return this.location;
	}

	public int getDemand() {
		return this.demand;
	}

	public long getReady() {
		return this.ready;
	}

	public long getDue() {
		return this.due;
	}

	public long getService() {
		return this.service;
	}

	public int getPinnedVehicle() {
		return this.pinnedVehicle;
	}

	public Vehicle getVehicle() {
		return this.vehicle;
	}

	public void setVehicle(Vehicle vehicle) {
		this.vehicle = vehicle;
	}

	public Integer getPosition() {
		return this.position;
	}

	public void setPosition(Integer position) {
		this.position = position;
	}

	public Visit getPrevious() {
		return this.previous;
	}

	public void setPrevious(Visit previous) {
		this.previous = previous;
	}

	public Visit getNext() {
		return this.next;
	}

	public void setNext(Visit next) {
		this.next = next;
	}

	public Long getArrival() {
		return this.arrival;
	}

	public void setArrival(Long arrival) {
		this.arrival = arrival;
	}

	@Override
	public String toString() {
		return this.id;
	}

}
