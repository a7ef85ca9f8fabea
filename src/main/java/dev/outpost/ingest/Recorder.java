package dev.outpost.ingest;

import dev.outpost.domain.DropKey;
import dev.outpost.domain.Event;
import dev.outpost.store.Database;
import dev.outpost.store.EventStore.Assignment;
import dev.outpost.store.EventStore;
import dev.outpost.store.RollupStore;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Stores events in one transaction each time: their visits ({@link Visits}), the events, what the
 * rollups must recount, and drop counts. All of it is stored, or none and the caller retries.
 */
public final class Recorder {
    private final Jdbi jdbi;
    private final EventStore events;
    private final Visits visits;

    public Recorder(Database db, EventStore events, Visits visits) {
        this.jdbi = db.jdbi();
        this.events = events;
        this.visits = visits;
    }

    /** A batch of the writer's. */
    public void store(List<Event> batch, Map<DropKey, Long> drops) {
        try {
            jdbi.<SQLException>useTransaction(h -> {
                insert(h, batch);
                events.addDrops(h, drops);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("storing " + batch.size() + " events failed: " + e.getMessage(), e);
        }
    }

    /**
     * A server-side conversion, once per idempotency key, in one transaction with the key: false
     * (and nothing written) when the key was seen before.
     */
    public boolean storeConversion(Event event, String idempotencyKey) {
        try {
            return jdbi.<Boolean, SQLException>inTransaction(h -> {
                if (!events.claimConversionKey(h, event, idempotencyKey)) return false;
                insert(h, List.of(event));
                return true;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("storing a conversion failed: " + e.getMessage(), e);
        }
    }

    private void insert(Handle h, List<Event> batch) throws SQLException {
        if (batch.isEmpty()) return;
        List<Assignment> assigned = visits.assign(h, batch);
        events.insert(h, batch, assigned);
        // Tell the rollups how far back this batch changed what they count: the visits' starts (or
        // an event's time, when stamped before its visit began). One statement per site.
        Map<Long, Long> oldest = new HashMap<>();
        for (int n = 0; n < batch.size(); n++) {
            long t = Math.min(assigned.get(n).startedAt(), batch.get(n).ts());
            oldest.merge(batch.get(n).siteId(), t, Math::min);
        }
        RollupStore.visitsChanged(h, oldest);
    }
}
