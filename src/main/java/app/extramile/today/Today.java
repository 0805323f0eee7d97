package app.extramile.today;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import app.extramile.absences.Level;
import app.extramile.alarms.AlarmKind;
import app.extramile.customers.CustomerId;
import app.extramile.errands.ErrandKind;
import app.extramile.errands.ErrandStatus;
import app.extramile.welfare.StepKind;

/**
 * What the Today page shows one person. Owners and staff get the shop's counts and
 * sections; volunteers only what is theirs to do. Only what the person's role may see is
 * in here: names, addresses and phone numbers, never care notes.
 *
 * @param staff whether this is the owners' and staff's view
 * @param day today's date in words ("Sunday 6 December")
 * @param onTeam whether the person is on the shop's team (volunteers: where their tasks
 * come from)
 * @param onDuty whether the person is on duty for alarms now
 */
record Today(boolean staff, String day, boolean onTeam, boolean onDuty, Counts counts, List<AlarmLine> alarms,
		List<CheckLine> checks, int stepsForMe, List<StepLine> steps, List<MissingLine> missing,
		List<ErrandLine> errandsToday, List<ErrandLine> nobodyCanTake, List<BirthdayLine> birthdays,
		List<CallOutLine> callOuts) {

	/** The numbers at the top of the owners' and staff's page. */
	public record Counts(int liveAlarms, int openChecks, int red, int amber, int errandsToday, int nobodyCanTake,
			int callOutGaps) {

		public boolean anything() {
			return this.liveAlarms + this.openChecks + this.red + this.amber + this.errandsToday + this.nobodyCanTake
					+ this.callOutGaps > 0;
		}

	}

	/**
	 * A live alarm: who, where, how long ago it came in.
	 *
	 * @param minutes whole minutes since it came in
	 */
	public record AlarmLine(UUID id, String name, String address, AlarmKind kind, Instant receivedAt, long minutes,
			boolean acknowledged) {

		public long hours() {
			return this.minutes / 60;
		}

		public long minutesPastHour() {
			return this.minutes % 60;
		}

	}

	/** An open welfare check and the step it waits on. */
	public record CheckLine(UUID id, String name, String reason, StepKind step, String contactName, Instant dueAt,
			boolean overdue, boolean mine) {
	}

	/** A welfare step offered to or held by a helper. */
	public record StepLine(UUID id, UUID checkId, StepKind kind, String name, String address, Instant dueAt,
			boolean mine) {
	}

	/** One of the most concerning in Who's missing. */
	public record MissingLine(CustomerId id, String name, Level level, String phone, boolean snoozed) {
	}

	/**
	 * An errand for today, or one nobody can take.
	 *
	 * @param who the customer's name, or the colleague who asked
	 * @param offered open and offered to this person
	 * @param askedByMe asked of the team by this person
	 */
	public record ErrandLine(UUID id, String who, String address, ErrandKind kind, LocalDate on, String day,
			LocalTime from, LocalTime to, ErrandStatus status, boolean needsDriver, boolean needsDbs, boolean offered,
			boolean askedByMe) {
	}

	/** A customer's birthday in the coming week. */
	public record BirthdayLine(CustomerId id, String name, String day, int age, boolean today) {
	}

	/**
	 * A call-out that still needs people.
	 *
	 * @param next when its first slot with a gap starts, in words
	 */
	public record CallOutLine(UUID id, String title, String place, int gaps, String next) {
	}

}
