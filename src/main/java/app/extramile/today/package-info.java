/**
 * Today: the home page of everyone signed in, what needs doing now, assembled from the
 * other modules' small queries. Nothing depends on it.
 */
package app.extramile.today;
