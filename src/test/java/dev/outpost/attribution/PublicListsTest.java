package dev.outpost.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import dev.outpost.support.PublicLists;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Outpost's channels measured against the public lists, whole: every host of Matomo's and Snowplow's lists (as
 * bundled in {@code lists/}) and every case of Snowplow's referer-tests.json, each sent as a referrer through
 * the standard classifier. A disagreement counts as agreement only when {@code lists/overrides.tsv} names it
 * with a reason (by host, or as the list writes it: "yabs.yandex.{}"); an override that no longer disagrees, or
 * no longer matches Outpost, fails the test.
 */
class PublicListsTest {

    private static final Set<String> SITE = Set.of("myblog.example");
    /** Reverse-DNS names (com.google.android.gm) in Snowplow's lists are Android packages, sent as android-app://. */
    private static final Pattern APP = Pattern.compile("^(com|org|io|net|ru|jp|tv|ch|xyz|ai)\\.[^.]+\\.[^.].*");

    record Case(String list, String name, String host, String written, String referrer, String expected) {
    }

    record Override(String channel, String reason) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"matomo.tsv", "snowplow.tsv"})
    void every_host_of_a_public_list_gets_the_lists_channel_bar_documented_overrides(String list) {
        List<Case> cases = hostCases(list);
        Map<String, Override> overrides = overrides(list);

        assertThat(agreement(list, cases, overrides)).as("channel agreement with " + list).isGreaterThanOrEqualTo(95.0);
    }

    @Test
    void snowplows_referer_tests_get_their_medium_bar_documented_overrides() {
        List<Case> cases = new ArrayList<>();
        for (String line : PublicLists.lines("referer-tests.tsv")) {
            String[] c = line.split("\t");
            cases.add(new Case("referer-tests", c[3], c[0], c[0], c[1], channelOf(c[2])));
        }
        assertThat(cases).hasSize(102);

        assertThat(agreement("referer-tests.tsv", cases, overrides("referer-tests.tsv")))
                .as("channel agreement with referer-tests.json").isGreaterThanOrEqualTo(95.0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"google.de", "google.co.uk", "google.com.ar", "google.it.ao", "images.google.fr",
            "news.google.co.jp", "encrypted.google.com", "clck.yandex.com.tr"})
    void wildcard_forms_match_country_domains(String host) {
        assertThat(classify("https://" + host + "/").channel()).isEqualTo(Channel.SEARCH);
    }

    /** Measures, prints the figure for BENCHMARKS.md, and checks every override is still needed and right. */
    private double agreement(String list, List<Case> cases, Map<String, Override> overrides) {
        int agree = 0;
        int overridden = 0;
        List<String> wrong = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (Case c : cases) {
            String got = classify(c.referrer()).channel().key();
            Override o = overrides.getOrDefault(c.host(), overrides.get(c.written()));
            if (o != null) {
                used.add(overrides.containsKey(c.host()) ? c.host() : c.written());
                assertThat(got).as("override of %s in %s: Outpost says", c.host(), list).isEqualTo(o.channel());
                assertThat(got).as("override of %s in %s is no longer needed", c.host(), list).isNotEqualTo(c.expected());
                overridden++;
            } else if (got.equals(c.expected())) {
                agree++;
            } else {
                wrong.add(c.list() + " " + c.name() + " " + c.host() + ": list says " + c.expected() + ", Outpost " + got);
            }
        }
        assertThat(used).as("overrides naming no case of " + list).containsExactlyInAnyOrderElementsOf(overrides.keySet());
        double pct = 100.0 * (agree + overridden) / cases.size();
        System.out.printf(Locale.ROOT, "ACCURACY %s: %d cases, %d agree, %d documented overrides, %d disagree: %.1f %%%n",
                list, cases.size(), agree, overridden, wrong.size(), pct);
        wrong.forEach(w -> System.out.println("  disagree: " + w));
        return pct;
    }

    private static Source classify(String referrer) {
        return SourceClassifier.standard().classify(new Landing(Map.of(), referrer, SITE, null));
    }

    /** One case per host of the list; "{}" stands for every country ending Snowplow lists for Google. */
    private static List<Case> hostCases(String list) {
        List<String> endings = countryEndings();
        List<Case> cases = new ArrayList<>();
        for (String line : SourceTable.lines("lists/" + list)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t");
            for (String host : c[2].strip().split(" +")) {
                host = host.toLowerCase(Locale.ROOT);
                List<String> expanded = new ArrayList<>();
                if (host.startsWith("{}.")) {
                    expanded.add("sub." + host.substring(3));
                } else if (host.contains("{}")) {
                    for (String e : endings) {
                        expanded.add(host.replace("{}", e));
                    }
                } else {
                    expanded.add(host);
                }
                for (String h : expanded) {
                    String referrer = APP.matcher(h).matches() ? "android-app://" + h + "/" : "https://" + h;
                    cases.add(new Case(list, c[1], h, host, referrer, channelOf(c[0])));
                }
            }
        }
        return cases;
    }

    private static List<String> countryEndings() {
        List<String> endings = new ArrayList<>();
        for (String line : SourceTable.lines("lists/snowplow.tsv")) {
            if (line.startsWith("search\tGoogle\t")) {
                for (String host : line.split("\t")[2].split(" ")) {
                    if (host.startsWith("www.google.") && !host.equals("www.google.com")) {
                        endings.add(host.substring("www.google.".length()));
                    }
                }
            }
        }
        assertThat(endings).as("Google's country endings").hasSizeGreaterThan(150);
        return endings;
    }

    private static String channelOf(String medium) {
        return medium.equals("unknown") ? "referral" : medium;
    }

    /** lists/overrides.tsv: list, host, Outpost's channel, reason. */
    private static Map<String, Override> overrides(String list) {
        Map<String, Override> out = new HashMap<>();
        for (String line : PublicLists.lines("overrides.tsv")) {
            String[] c = line.split("\t");
            assertThat(c).as(line).hasSize(4);
            assertThat(c[3]).as("reason of " + c[1]).isNotBlank();
            if (c[0].equals(list)) {
                out.put(c[1], new Override(c[2], c[3]));
            }
        }
        return out;
    }
}
