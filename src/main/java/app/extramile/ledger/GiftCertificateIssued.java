package app.extramile.ledger;

import java.time.Instant;
import java.util.UUID;

import app.extramile.shared.ShopId;

/**
 * A gift certificate was issued, with its first load in pence (0 when it waits for
 * payment). Published once per certificate, never for a replayed request.
 */
public record GiftCertificateIssued(ShopId shopId, UUID certificateId, long amountMinor, Instant at) {
}
