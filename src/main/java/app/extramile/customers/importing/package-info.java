/**
 * Customer lists in and out: import from CSV or Excel with guessed columns, duplicates
 * offered to merge or skip and a durable job; export as CSV or Excel.
 */
package app.extramile.customers.importing;
