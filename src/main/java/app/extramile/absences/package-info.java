/**
 * Who's missing: learns each regular's own rhythm from visits and says, as a calibrated
 * probability and in plain words, who is unusually absent.
 */
package app.extramile.absences;
