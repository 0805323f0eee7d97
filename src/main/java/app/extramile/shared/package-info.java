/**
 * Small value types every module speaks: shop ids, the signed-in person, roles. No beans.
 */
package app.extramile.shared;
