package dev.outpost.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceTableTest {

    private static final String SAMPLE = """
            # a comment
            [social] Example Net
            host   example.net =exact.example
            utm    exnet
            app    com.example.net
            ua     "Example App/"
            click  exclid

            [search] Finder
            host   =finder.*
            """;

    private static SourceTable sample() {
        return SourceTable.parse(SAMPLE.lines().toList(), "sample");
    }

    @Test
    void the_bundled_table_has_every_network_the_contract_names() {
        Set<String> social = SourceTable.standard().known().stream()
                .filter(k -> k.channel() == Channel.SOCIAL)
                .map(SourceTable.Known::name)
                .collect(Collectors.toSet());

        assertThat(social).contains("Facebook", "Instagram", "X", "LinkedIn", "Reddit", "Hacker News", "YouTube",
                "Pinterest", "TikTok", "Mastodon", "Bluesky", "Threads", "Quora", "Medium", "Tumblr", "Discord",
                "Telegram", "WhatsApp", "Snapchat", "VK", "Weibo", "Lemmy", "Substack", "Product Hunt", "Slack",
                "Lobsters");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            example.net             | Example Net
            www.example.net         | Example Net
            a.b.example.net         | Example Net
            exact.example           | Example Net
            sub.exact.example       |
            finder.de               | Finder
            finder.co.uk            | Finder
            www.finder.com.au       | Finder
            images.finder.de        |
            finder.example.org      |
            finder.abcd             |
            192.168.0.1             |
            """)
    void hosts_match_exactly_then_by_parent_domain_then_by_country_pattern(String host, String expected) {
        SourceTable.Known k = sample().byHost(host);
        assertThat(k == null ? null : k.name()).isEqualTo(expected);
    }

    @Test
    void aliases_apps_user_agents_and_click_ids_are_read() {
        SourceTable t = sample();

        assertThat(t.byUtmSource("ExNet").known().name()).isEqualTo("Example Net");
        assertThat(t.byUtmSource("example-net").known().name()).as("the name is an alias").isEqualTo("Example Net");
        assertThat(t.byUtmSource("https://www.example.net/x").known().name()).isEqualTo("Example Net");
        assertThat(t.byApp("com.example.net").name()).isEqualTo("Example Net");
        assertThat(t.byUserAgent("Mozilla/5.0 Example App/1.2").name()).isEqualTo("Example Net");
        assertThat(t.findClickId(List.of("a", "exclid")).param()).isEqualTo("exclid");
        assertThat(t.findClickId(List.of("EXCLID"))).isNull();
    }

    @ParameterizedTest(name = "rejects: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            a field before any header                | host a.com
            an unknown channel                       | [video] Tube
            a header without a name                  | [social]
            an unknown field                         | [social] A\\nhosts a.com
            a field without values                   | [social] A\\nhost
            a host given twice to different entries  | [social] A\\nhost a.com\\n[social] B\\nhost a.com
            an alias given twice                     | [social] A\\nutm aa\\n[social] B\\nutm aa
            a name given twice                       | [social] A\\n[search] A
            a host written with www                  | [social] A\\nhost www.a.com
            a host without a dot                     | [social] A\\nhost localhost
            a click id given twice                   | [social] A\\nclick aclid\\n[social] B\\nclick aclid
            a ua marker on a search engine           | [search] A\\nua Finder/
            an unterminated quote                    | [social] A\\nua "Oops
            """)
    void mistakes_in_the_data_file_fail_loudly_with_the_line(String mistake, String text) {
        List<String> lines = List.of(text.split("\\\\n"));
        assertThatThrownBy(() -> SourceTable.parse(lines, "t"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("t:");
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            Paid_Social   | paidsocial
            paid-social   | paidsocial
            Hacker News   | hackernews
            E-Mail        | email
            """)
    void alias_keys_ignore_case_spaces_dashes_and_underscores(String value, String key) {
        assertThat(SourceTable.aliasKey(value)).isEqualTo(key);
    }

    /** A public list under the sample: tab-separated channel, name, hosts, as in lists/*.tsv. */
    private static SourceTable sampleWithList(boolean withSubdomains) {
        SourceTable t = SourceTable.parse((SAMPLE + """
                [paid] Ad Server
                host   =ads.example
                list   "Ads Inc"
                """).lines().toList(), "sample");
        t.addList(List.of(
                "# a comment",
                "social\tExample Net\texample.net other-example.net",
                "search\tFinder\tfinder.{} images.finder.{} {}.finder-search.com www.finder.org",
                "paid\tAds Inc\tads.example ads-cdn.example",
                "email\tMailer\tmail.finder.de com.mailer.android orange.example/webmail",
                "unknown\tFinder\tmaps.finder.de"), "list", withSubdomains);
        return t;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            other-example.net       | Example Net | the list's name joins the entry of the same name and channel
            images.finder.co.uk     | Finder      | a country form of the list
            sub.finder-search.com   | Finder      | "{}." is any subdomain
            finder.org              | Finder      | www. is ignored
            ads-cdn.example         | Ad Server   | "list" claims the list's name
            sub.ads.example         |             | a host sources.txt writes keeps its rule: exact
            mail.finder.de          | Mailer      | a new name is kept as the list writes it
            maps.finder.de          |             | "unknown" is known not to be a source
            orange.example          |             | an entry with a path is left out
            finder.de               | Finder      | the country form of sources.txt still applies
            """)
    void a_public_list_fills_in_hosts_but_never_changes_a_sources_txt_host(String host, String expected, String why) {
        SourceTable.Known k = sampleWithList(false).byHost(host);
        assertThat(k == null ? null : k.name()).as(why).isEqualTo(expected);
    }

    @Test
    void list_hosts_cover_subdomains_only_when_the_list_matches_that_way_and_packages_are_apps_too() {
        assertThat(sampleWithList(false).byHost("eu.other-example.net")).as("Matomo: exact").isNull();
        assertThat(sampleWithList(true).byHost("eu.other-example.net").name()).as("Snowplow: walks up")
                .isEqualTo("Example Net");
        assertThat(sampleWithList(false).byHost("x.ads-cdn.example")).as("Matomo: exact").isNull();
        assertThat(sampleWithList(true).byHost("x.ads-cdn.example").name()).as("Snowplow: walks up").isEqualTo("Ad Server");
        assertThat(sampleWithList(true).byApp("com.mailer.android").name()).isEqualTo("Mailer");
    }

    @Test
    void paid_aliases_mark_the_visit_paid_and_ua_markers_prefer_the_longest() {
        SourceTable t = SourceTable.parse(List.of("[social] Book", "utm bk", "paid bk-ads", "ua FBAN/",
                "[social] Chat", "ua FBAN/Chat"), "t");

        assertThat(t.byUtmSource("bk").paid()).isFalse();
        assertThat(t.byUtmSource("BK_Ads")).isEqualTo(new SourceTable.Alias(t.byUtmSource("bk").known(), true));
        assertThat(t.byUserAgent("x [FBAN/ChatForiOS;FBAV/1]").name()).isEqualTo("Chat");
        assertThat(t.byUserAgent("x [FBAN/FBIOS;FBAV/1]").name()).isEqualTo("Book");
    }

    @Test
    void every_host_of_the_bundled_table_resolves_to_its_own_entry() {
        // Guards against a later, broader row shadowing an earlier one (e.g. a walkable parent of a host).
        Map<String, String> samples = Map.of(
                "mail.google.com", "Gmail", "gemini.google.com", "Gemini", "news.google.com", "Google",
                "mail.yahoo.com", "Yahoo Mail", "search.yahoo.com", "Yahoo", "mail.yandex.ru", "Yandex Mail",
                "yandex.ru", "Yandex", "notebooklm.google.com", "NotebookLM");
        samples.forEach((host, name) -> assertThat(SourceTable.standard().byHost(host).name()).as(host).isEqualTo(name));
    }
}
