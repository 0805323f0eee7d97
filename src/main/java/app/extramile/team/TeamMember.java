package app.extramile.team;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * A person on the shop's team. Mobile, email and home location are personal: never log
 * them ({@link #toString()} leaves them out).
 *
 * @param accountId their login, if they have one
 * @param homeLat latitude of home, or null when unknown
 * @param skills each skill with its expiry date (null: does not expire)
 */
public record TeamMember(UUID id, String name, String mobile, String email, UUID accountId, Double homeLat,
		Double homeLon, int position, Map<Skill, LocalDate> skills) {

	/** The first word of the name, for a greeting. */
	public String firstName() {
		String trimmed = this.name.trim();
		int space = trimmed.indexOf(' ');
		return (space > 0) ? trimmed.substring(0, space) : trimmed;
	}

	public boolean hasLocation() {
		return this.homeLat != null && this.homeLon != null;
	}

	/** Has the skill and it has not expired on {@code on}. */
	public boolean has(Skill skill, LocalDate on) {
		if (!this.skills.containsKey(skill)) {
			return false;
		}
		LocalDate expires = this.skills.get(skill);
		return expires == null || !expires.isBefore(on);
	}

	@Override
	public String toString() {
		return "TeamMember[" + this.id + "]";
	}

}
