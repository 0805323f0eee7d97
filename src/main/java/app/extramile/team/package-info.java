/**
 * The team: members (with or without a login), their skills and the on-duty responder
 * rota (a weekly pattern plus one-off changes). {@link app.extramile.team.Team} answers
 * who is on duty and who has a skill.
 */
package app.extramile.team;
