package dev.outpost.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.store.AccessStore;
import dev.outpost.store.Database;
import dev.outpost.store.SiteStore;
import dev.outpost.support.TestDatabases;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The setup claim on a real database: all or nothing, once. */
class AccessStoreTest {
    @Test
    void aFailureAfterTheSiteIsWrittenUndoesTheAdminAndTheSite() {
        try (Database db = Database.open(TestDatabases.freshUrl())) {
            AccessStore store = new AccessStore(db);
            SiteStore sites = new SiteStore(db);
            assertThatThrownBy(() -> store.claim("a@example.com", "h", 1, () -> {
                sites.create("half.example", "half", "UTC", List.of(), 1);
                throw new IllegalStateException("refused after the site was written");
            })).hasMessage("refused after the site was written");
            assertThat(store.hasUser()).isFalse();
            assertThat(sites.byDomain("half.example")).isEmpty();
        }
    }

    @Test
    void theServerIsClaimedOnceEvenByRacingSetups() throws Exception {
        try (Database db = Database.open(TestDatabases.freshUrl())) {
            AccessStore store = new AccessStore(db);
            SiteStore sites = new SiteStore(db);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Boolean>> tries = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    int n = i;
                    tries.add(pool.submit(() -> {
                        start.await();
                        try {
                            store.claim("admin" + n + "@example.com", "h", 1,
                                    () -> sites.create("race" + n + ".example", "r", "UTC", List.of(), 1));
                            return true;
                        } catch (AccessStore.AlreadyClaimed e) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                int won = 0;
                for (Future<Boolean> f : tries) if (f.get()) won++;
                assertThat(won).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(sites.list()).hasSize(1);
            assertThatThrownBy(() -> store.claim("late@example.com", "h", 2, () -> {})).isInstanceOf(AccessStore.AlreadyClaimed.class);
        }
    }
}
