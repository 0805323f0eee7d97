/**
 * Customers: profiles, care profile, missed-visit plan (contacts in ringing order, access
 * notes), consent, away notices, and the log of who read care or access notes.
 */
package app.extramile.customers;
