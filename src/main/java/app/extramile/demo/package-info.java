/**
 * The demo village: Siop y Llan, a fictional Welsh village shop with invented people, a
 * year of visits, a team, alarms, errands, a board, a ledger and sample impact history.
 * Only in demo mode ({@code extramile.demo.enabled=true}, the {@code demo} profile).
 * {@link app.extramile.demo.DemoSeeding} seeds it in order through each module's public
 * API; this module may use any module, and no module uses it.
 */
package app.extramile.demo;
