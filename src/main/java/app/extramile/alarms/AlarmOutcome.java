package app.extramile.alarms;

/**
 * How an alarm ended.
 */
public enum AlarmOutcome {

	ALL_WELL, HELPED, AMBULANCE_CALLED, FALSE_ALARM

}
