package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.outpost.support.TestDatabases;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Which failures the writer waits out (the database is away or full) and which mean the database
 * refuses the rows (the writer looks for the one refused): real errors from real drivers.
 */
class DatabaseUnavailableTest {
    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Throwable e = catchThrowable(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + closed + "/x?user=postgres"));
        assertThat(e).isNotNull();
        assertThat(Database.unavailable(e)).isTrue();
    }

    @Test
    void aRowATriggerRefusesIsNotUnavailable() throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.freshUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x TEXT)");
            if (TestDatabases.isPostgres()) {
                s.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END $$");
                s.execute("CREATE TRIGGER refuse BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION refuse()");
            } else {
                s.execute("CREATE TRIGGER refuse BEFORE INSERT ON t BEGIN SELECT RAISE(ABORT, 'no'); END");
            }
            Throwable e = catchThrowable(() -> s.execute("INSERT INTO t VALUES ('a')"));
            assertThat(e).isNotNull();
            assertThat(Database.unavailable(e)).isFalse();
        }
    }

    @Tag("postgres-only")
    @Test
    void aNulInTextIsRefusedDataOnPostgres() throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.freshUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x TEXT)");
            PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)");
            ps.setString(1, "a\0b");
            ps.addBatch();
            Throwable e = catchThrowable(ps::executeBatch);
            assertThat(e).isNotNull();
            assertThat(Database.unavailable(e)).isFalse();
        }
    }

    @Tag("postgres-only")
    @Test
    void aSessionTheServerEndsIsUnavailable() throws Exception {
        String url = TestDatabases.freshUrl();
        try (Connection victim = DriverManager.getConnection(url); Connection admin = DriverManager.getConnection(url)) {
            int pid;
            try (ResultSet rs = victim.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            admin.createStatement().execute("SELECT pg_terminate_backend(" + pid + ")");
            Throwable e = catchThrowable(() -> victim.createStatement().execute("SELECT 1"));
            assertThat(e).isNotNull();
            assertThat(Database.unavailable(e)).isTrue();
        }
    }

    @Tag("sqlite-only")
    @Test
    void aFullSqliteDatabaseIsUnavailable() throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.freshUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x TEXT)");
            // SQLITE_FULL for real: the file may not grow past its current pages.
            s.execute("PRAGMA max_page_count = 3");
            Throwable e = catchThrowable(() -> {
                for (int i = 0; i < 1000; i++) s.execute("INSERT INTO t VALUES ('" + "x".repeat(1000) + "')");
            });
            assertThat(e).hasMessageContaining("SQLITE_FULL");
            assertThat(Database.unavailable(e)).isTrue();
        }
    }

    @Tag("sqlite-only")
    @Test
    void aSqliteDatabaseLockedByAnotherWriterIsUnavailable() throws Exception {
        String url = TestDatabases.freshUrl();
        try (Connection holder = DriverManager.getConnection(url); Connection other = DriverManager.getConnection(url)) {
            holder.createStatement().execute("CREATE TABLE t (x TEXT)");
            holder.setAutoCommit(false);
            holder.createStatement().execute("INSERT INTO t VALUES ('a')");
            other.createStatement().execute("PRAGMA busy_timeout = 0");
            Throwable e = catchThrowable(() -> other.createStatement().execute("INSERT INTO t VALUES ('b')"));
            assertThat(e).hasMessageContaining("SQLITE_BUSY");
            assertThat(Database.unavailable(e)).isTrue();
            holder.rollback();
        }
    }
}
