/**
 * Community: local events, charity campaigns with their takings, and notices; the shop's
 * public page, its calendar feed and a window poster.
 */
package app.extramile.community;
