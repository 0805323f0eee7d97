package app.extramile.rounds.solver;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintCollectors;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;

/** The rules of a delivery day, incremental per visit. */
public class VrpConstraints implements ConstraintProvider {

	@Override
	public Constraint[] defineConstraints(ConstraintFactory factory) {
		return new Constraint[] { windowMissed(factory), backTooLate(factory), overCapacity(factory),
				wrongDriver(factory), leftOut(factory), travel(factory), travelHome(factory) };
	}

	Constraint windowMissed(ConstraintFactory factory) {
		return factory.forEach(Visit.class)
			.filter((visit) -> visit.getVehicle() != null && visit.lateness() > 0)
			.penalizeLong(HardMediumSoftLongScore.ONE_HARD, Visit::lateness)
			.asConstraint("window missed");
	}

	Constraint backTooLate(ConstraintFactory factory) {
		return factory.forEach(Visit.class)
			.filter((visit) -> visit.getVehicle() != null && visit.lateHome() > 0)
			.penalizeLong(HardMediumSoftLongScore.ONE_HARD, Visit::lateHome)
			.asConstraint("back too late");
	}

	Constraint overCapacity(ConstraintFactory factory) {
		return factory.forEach(Visit.class)
			.filter((visit) -> visit.getVehicle() != null)
			.groupBy(Visit::getVehicle, ConstraintCollectors.sum(Visit::getDemand))
			.filter((vehicle, load) -> load > vehicle.getCapacity())
			.penalizeLong(HardMediumSoftLongScore.ONE_HARD, (vehicle, load) -> load - vehicle.getCapacity())
			.asConstraint("over capacity");
	}

	Constraint wrongDriver(ConstraintFactory factory) {
		return factory.forEach(Visit.class)
			.filter(Visit::isOnWrongVehicle)
			.penalizeLong(HardMediumSoftLongScore.ONE_HARD, (visit) -> 1000)
			.asConstraint("wrong driver");
	}

	Constraint leftOut(ConstraintFactory factory) {
		return factory.forEachIncludingUnassigned(Visit.class)
			.filter((visit) -> visit.getVehicle() == null)
			.penalizeLong(HardMediumSoftLongScore.ONE_MEDIUM, (visit) -> 1)
			.asConstraint("left out");
	}

	Constraint travel(ConstraintFactory factory) {
		return factory.forEach(Visit.class)
			.filter((visit) -> visit.getVehicle() != null)
			.penalizeLong(HardMediumSoftLongScore.ONE_SOFT, Visit::travelIn)
			.asConstraint("travel");
	}

	Constraint travelHome(ConstraintFactory factory) {
		return factory.forEach(Visit.class)
			.filter((visit) -> visit.getVehicle() != null && visit.getNext() == null)
			.penalizeLong(HardMediumSoftLongScore.ONE_SOFT, Visit::travelHome)
			.asConstraint("travel home");
	}

}
