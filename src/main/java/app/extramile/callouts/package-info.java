/**
 * All hands on deck: the owner posts a call-out for a big event with slots that need
 * people (and perhaps a skill); the team signs up on the web or from a link in a text
 * message; gaps show; reminders go out the day before.
 */
package app.extramile.callouts;
