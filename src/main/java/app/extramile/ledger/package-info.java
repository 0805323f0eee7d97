/**
 * The kindness ledger: gift certificates, pay-it-forward pools, occasions and gifts, on
 * one exact, append-only, double-entry ledger.
 */
package app.extramile.ledger;
