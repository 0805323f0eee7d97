package app.extramile.team;

/**
 * What a team member can do. A DBS check has an expiry date; any skill may.
 */
public enum Skill {

	DRIVER, FIRST_AID, KEYHOLDER, DBS_CHECKED, FOOD_HYGIENE

}
