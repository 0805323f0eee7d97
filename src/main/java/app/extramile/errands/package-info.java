/**
 * Errands: deliveries and favours for customers (reading the post, letters, lawns, dog
 * walks, lifts), offered to helpers with the right skills, done and recorded at the door;
 * a "no answer" or a worrying observation opens a welfare check. The delivery round page
 * plans a day's deliveries with the rounds module's planner.
 */
package app.extramile.errands;
