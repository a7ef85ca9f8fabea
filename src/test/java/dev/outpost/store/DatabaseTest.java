package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.TestDatabases;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void migratesAFreshDatabaseAndPingsOnlyWhileOpen() {
        Database db = Database.open(TestDatabases.freshUrl());
        assertThat(db.ping()).isTrue();
        int tables = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM events").mapTo(Integer.class).one());
        assertThat(tables).isZero();
        db.close();
        // /healthz answers 503 on exactly this.
        assertThat(db.ping()).isFalse();
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsData() {
        String url = TestDatabases.freshUrl();
        try (Database db = Database.open(url)) {
            new SiteStore(db).create("keep.example", "Keep", "UTC", java.util.List.of(), 1L);
        }
        try (Database db = Database.open(url)) {
            assertThat(new SiteStore(db).byDomain("keep.example")).isPresent();
        }
    }
}
