/**
 * One timeline per customer: what happened to them, from every module's events, newest
 * first.
 */
package app.extramile.timeline;
