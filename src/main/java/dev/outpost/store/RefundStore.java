package dev.outpost.store;

import dev.outpost.domain.Money;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Refunds of server-side conversions, made on the conversion's own event: its revenue goes down
 * where it was counted, and a conversion refunded in full is renamed {@code <name>:refunded}, so
 * its goal no longer matches it (the row stays for the record). Each refund's key is kept in
 * {@code conversion_keys} as {@code refund:<key>}, in the same transaction as the change.
 */
public final class RefundStore {
    public static final String TAKEN_BACK = ":refunded";

    public enum Outcome { REFUNDED, DUPLICATE, NO_CONVERSION, NO_REVENUE, OTHER_CURRENCY }

    /** What happened, and the conversion's revenue and state afterwards. */
    public record Result(Outcome outcome, Long revenueMicros, String currency, boolean takenBack) {}

    private record Row(long id, long ts, String name, Long revenueMicros, String currency) {}

    private final Jdbi jdbi;

    public RefundStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /**
     * Takes {@code amount} (null: all of it) off the conversion stored under {@code conversionKey},
     * whose event carries {@code props}. Nothing is written unless the outcome is REFUNDED.
     */
    public Result refund(long siteId, String conversionKey, String props, String refundKey, Money amount) {
        try {
            return jdbi.<Result, SQLException>inTransaction(h -> {
                Optional<Row> found = conversion(h, siteId, conversionKey, props);
                if (found.isEmpty()) return new Result(Outcome.NO_CONVERSION, null, null, false);
                Row row = found.get();
                if (amount != null && row.revenueMicros() == null) return new Result(Outcome.NO_REVENUE, null, null, false);
                if (amount != null && !amount.currency().equals(row.currency())) {
                    return new Result(Outcome.OTHER_CURRENCY, row.revenueMicros(), row.currency(), false);
                }
                int added = h.createUpdate("""
                                INSERT INTO conversion_keys (site_id, idem_key, event_ts) VALUES (:site, :key, :ts)
                                ON CONFLICT (site_id, idem_key) DO NOTHING""")
                        .bind("site", siteId).bind("key", "refund:" + refundKey).bind("ts", row.ts()).execute();
                if (added == 0) return result(Outcome.DUPLICATE, row);
                if (row.name().endsWith(TAKEN_BACK)) return result(Outcome.REFUNDED, row);
                // Both sides read the row as it was: all of it refunded (or no amount) takes it back.
                h.createUpdate("""
                                UPDATE events SET
                                    revenue_micros = CASE WHEN revenue_micros > :amount THEN revenue_micros - :amount
                                                          WHEN revenue_micros IS NULL THEN NULL ELSE 0 END,
                                    name = CASE WHEN revenue_micros > :amount THEN name ELSE :takenBack END
                                WHERE id = :id AND name = :name""")
                        .bind("amount", amount == null ? Long.MAX_VALUE : amount.micros()).bind("takenBack", row.name() + TAKEN_BACK)
                        .bind("id", row.id()).bind("name", row.name()).execute();
                // The conversion's day is counted again: credit kept for it was made before the refund.
                RollupStore.visitsChanged(h, Map.of(siteId, row.ts()));
                return result(Outcome.REFUNDED, conversion(h, siteId, conversionKey, props).orElseThrow());
            });
        } catch (SQLException e) {
            throw new IllegalStateException("storing a refund failed: " + e.getMessage(), e);
        }
    }

    private static Result result(Outcome outcome, Row row) {
        return new Result(outcome, row.revenueMicros(), row.currency(), row.name().endsWith(TAKEN_BACK));
    }

    private static Optional<Row> conversion(Handle h, long siteId, String key, String props) {
        return h.createQuery("""
                        SELECT e.id, e.ts, e.name, e.revenue_micros, e.revenue_currency
                        FROM conversion_keys k JOIN events e ON e.site_id = k.site_id AND e.ts = k.event_ts
                        WHERE k.site_id = :site AND k.idem_key = :key AND e.props = :props""")
                .bind("site", siteId).bind("key", key).bind("props", props)
                .map((rs, ctx) -> {
                    long rev = rs.getLong("revenue_micros");
                    Long revenue = rs.wasNull() ? null : rev;
                    return new Row(rs.getLong("id"), rs.getLong("ts"), rs.getString("name"), revenue, rs.getString("revenue_currency"));
                }).findFirst();
    }
}
