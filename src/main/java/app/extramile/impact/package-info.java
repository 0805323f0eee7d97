/**
 * Impact: what the shop did for its community, counted from the other modules' events
 * into monthly figures per shop; charts, a year view, a CSV export and a monthly digest.
 */
package app.extramile.impact;
