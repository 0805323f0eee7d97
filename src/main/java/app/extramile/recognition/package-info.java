/**
 * Recognition: colleagues thank each other for extra-mile acts; a team board shows the
 * thanks and a monthly digest celebrates them.
 */
package app.extramile.recognition;
