/**
 * How people are reached: email, SMS and in-app notices, recorded once, delivered durably
 * and retried, and never carrying care notes.
 */
package app.extramile.notifications;
