/**
 * Personal alarm first response: signed intake from alarm-receiving partners, the
 * dispatch ladder (on-duty responders one at a time, then everyone), acknowledgement,
 * arrival and resolution, device supervision, the live board and the monthly report.
 */
package app.extramile.alarms;
