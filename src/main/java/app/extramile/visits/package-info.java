/**
 * Visits: every time a customer is seen in the shop, from the counter, a till-history
 * import or the visit API for tills.
 */
package app.extramile.visits;
