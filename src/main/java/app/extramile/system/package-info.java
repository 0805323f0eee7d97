/**
 * The installation itself: shops and accounts, sign-in and setup, API tokens, layout,
 * home page, errors and the demo village.
 */
package app.extramile.system;
