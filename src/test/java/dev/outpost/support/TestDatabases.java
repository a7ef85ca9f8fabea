package dev.outpost.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh, empty, real database per caller: a SQLite file in a temp folder, or a new database on
 * one embedded PostgreSQL server per test JVM (-Doutpost.test.db=postgres, which Maven's second
 * surefire run sets).
 */
public final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    public static boolean isPostgres() {
        return "postgres".equals(System.getProperty("outpost.test.db", "sqlite"));
    }

    public static String freshUrl() {
        return isPostgres() ? freshPostgres() : freshSqlite();
    }

    private static String freshSqlite() {
        try {
            Path dir = Files.createTempDirectory("outpost-test");
            return "jdbc:sqlite:" + dir.resolve("outpost.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized String freshPostgres() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is going away anyway
                    }
                }));
            }
            String name = "t" + COUNTER.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name + "?user=postgres";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
