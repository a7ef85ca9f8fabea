package dev.outpost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.PublicLists;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bot filter measured on whole public corpora (see scripts/refresh-lists.sh for where each comes from):
 * crawlers must be dropped, people kept. Prints the figures that BENCHMARKS.md quotes.
 */
class BotListsTest {

    private static final UserAgents UAS = new UserAgents();

    /**
     * uap-core's test_ua.yaml families that are not a person's browser: tools, libraries, feed readers and
     * crawlers that ua-parser names as a family rather than as a spider. A browser is a case whose User-Agent
     * starts like one (Mozilla/, Opera/) and whose family is none of these nor names a bot, spider or crawler.
     */
    private static final Set<String> NOT_BROWSERS = Set.of(
            "Other", "OpenVAS Scanner", "HeadlessChrome", "PhantomJS", "heritrix", "ZyBorg", "Yahoo! Slurp",
            "Slurp", "WebThumb", "scooter", "lycos", "clumboot", "archiver", "YottaaMonitor", "WebCrunch",
            "Web-sniffer", "WIRE", "Thumbshots.ru", "StreamScraper", "Steeler", "SiteCon", "Rival IQ", "Qwantify",
            "Python-urllib", "PaxleFramework", "PathDefender", "MySpaceScraper", "Monitis", "InfuzApp", "HTTrack",
            "Google-HTTP-Java-Client", "GomezAgent", "Genieo", "Daumoa-feedfetcher", "Daumoa", "Datanyze",
            "Charlotte", "Catchpoint", "BingPreview", "Kraken", "Vagabondo", "008", "Infohelfer", "Goodzer", "Peew");
    /** Whatever family ua-parser gives it, a User-Agent that calls itself a preview fetcher is none of ours. */
    private static final String SELF_DECLARED = "Google Web Preview";

    @Test
    void at_least_97_percent_of_crawler_user_agents_are_dropped() {
        List<String> crawlers = PublicLists.lines("crawler-user-agents-instances.txt");
        List<String> kept = crawlers.stream().filter(ua -> !UAS.parse(ua).bot()).toList();

        double dropped = report("crawler-user-agents instances dropped", crawlers.size() - kept.size(), crawlers.size());
        kept.stream().limit(40).forEach(ua -> System.out.println("  kept: " + ua));
        assertThat(dropped).isGreaterThanOrEqualTo(97.0);
    }

    @Test
    void at_most_half_a_percent_of_uap_core_browser_user_agents_are_dropped() {
        List<String> browsers = PublicLists.lines("uap-core-test-ua.tsv").stream()
                .map(l -> l.split("\t", 2))
                .filter(c -> (c[1].startsWith("Mozilla/") || c[1].startsWith("Opera/")) && !NOT_BROWSERS.contains(c[0])
                        && !c[0].toLowerCase(Locale.ROOT).matches(".*(bot|spider|crawl).*") && !c[1].contains(SELF_DECLARED))
                .map(c -> c[1]).toList();
        assertThat(browsers).hasSizeGreaterThan(300);

        assertThat(droppedPeople("uap-core test_ua.yaml browsers dropped", browsers)).isLessThanOrEqualTo(0.5);
    }

    @Test
    void at_most_half_a_percent_of_real_browser_user_agents_are_dropped() {
        List<String> browsers = PublicLists.lines("intoli-user-agents.txt");

        assertThat(droppedPeople("user-agents (real traffic) dropped", browsers)).isLessThanOrEqualTo(0.5);
    }

    @Test
    void classification_is_cheap_uncached_and_cheaper_cached() {
        List<String> mixed = new java.util.ArrayList<>(PublicLists.lines("crawler-user-agents-instances.txt"));
        mixed.addAll(PublicLists.lines("intoli-user-agents.txt"));
        UserAgents fresh = new UserAgents();
        long t0 = System.nanoTime();
        mixed.forEach(fresh::parse);
        long t1 = System.nanoTime();
        mixed.forEach(fresh::parse);
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "ACCURACY UA classification: %.0f us a call uncached, %.2f us cached (%d UAs)%n",
                (t1 - t0) / 1e3 / mixed.size(), (t2 - t1) / 1e3 / mixed.size(), mixed.size());
        assertThat(t2 - t1).as("cached is cheaper").isLessThan(t1 - t0);
    }

    private static double droppedPeople(String what, List<String> browsers) {
        List<String> dropped = browsers.stream().filter(ua -> UAS.parse(ua).bot()).toList();
        dropped.forEach(ua -> System.out.println("  dropped: " + ua));
        return report(what, dropped.size(), browsers.size());
    }

    private static double report(String what, int n, int of) {
        double pct = 100.0 * n / of;
        System.out.printf(Locale.ROOT, "ACCURACY %s: %d of %d = %.2f %%%n", what, n, of, pct);
        return pct;
    }
}
