package app.extramile.absences;

import java.time.Instant;

import app.extramile.shared.ShopId;

/**
 * The owner saved when the shop is open, or added a day it closes: the shop's days are
 * its own now, not the defaults.
 */
public record OpeningHoursSet(ShopId shopId, Instant at) {
}
