package app.extramile.system;

import java.time.ZoneId;

import app.extramile.shared.ShopId;

/**
 * A shop (tenant) on this installation. {@code slug} is its short name in public URLs.
 */
public record Shop(ShopId id, String slug, String name, ZoneId timeZone) {
}
