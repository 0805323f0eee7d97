/**
 * Welfare checks: from "she hasn't been in" to a confirmed outcome, walking the
 * customer's own missed-visit plan with deadlines that hold across restarts.
 */
package app.extramile.welfare;
