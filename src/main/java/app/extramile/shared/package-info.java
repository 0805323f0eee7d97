/**
 * Small value types every module speaks: shop ids, the signed-in person, roles, and the
 * one refusal type ({@link app.extramile.shared.Refused}) with its way to the form. No
 * beans.
 */
package app.extramile.shared;
