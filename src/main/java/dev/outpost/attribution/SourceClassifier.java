package dev.outpost.attribution;

import dev.outpost.attribution.SourceTable.ClickId;
import dev.outpost.attribution.SourceTable.Known;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Classifies a landing into a {@link Source}. Pure and immutable: one shared instance serves every thread.
 *
 * <p>Two steps, each a single precedence chain:
 * <ol>
 *   <li><b>Origin</b> — who sent the visit: utm_source, else a click id, else the referrer, else an in-app
 *       browser's User-Agent. A self referral counts as no referrer.</li>
 *   <li><b>Channel</b> — {@link #CHANNEL_RULES}, the first rule that applies wins.</li>
 * </ol>
 * The hot path allocates little and compiles nothing: host lookups are HashMap hits over the host and its
 * parent domains.
 */
public final class SourceClassifier {

    private static final Set<String> PAID_MEDIUMS = Set.of("cpc", "ppc", "cpm", "cpv", "cpa", "cpp", "paid",
            "paidsocial", "paidsearch", "paidmedia", "display", "banner", "ads", "ad", "sponsored", "retargeting");
    private static final Set<String> EMAIL_MEDIUMS = Set.of("email", "mail", "newsletter", "enewsletter");
    private static final Set<String> SOCIAL_MEDIUMS = Set.of("social", "socialmedia", "sm", "socialnetwork",
            "organicsocial");
    // utm_medium is compared as an alias key: "Paid_Social", "paid-social" and "paidsocial" are one value.

    /**
     * Who sent the visit. {@code paid}: an ad by how it was identified, a search engine's click id (an ad click)
     * or a utm_source that names an ad product ("google_ads", "fb-ads").
     */
    private record Origin(Known known, String name, boolean paid) {
        static final Origin NONE = new Origin(null, null, false);
    }

    private record Facts(Origin origin, String medium) {
    }

    private record Rule(String name, Predicate<Facts> applies, Function<Facts, Channel> channel) {
    }

    /**
     * The channel precedence, top to bottom. An explicit utm_medium beats everything (the site owner tagged the
     * link); then ad click ids, which a search engine only adds to ads; then what the source itself is.
     */
    private static final List<Rule> CHANNEL_RULES = List.of(
            new Rule("utm_medium marks a paid campaign (cpc, paid_social, display ...)",
                    f -> PAID_MEDIUMS.contains(f.medium()), f -> Channel.PAID),
            new Rule("utm_medium marks an email (email, newsletter ...)",
                    f -> EMAIL_MEDIUMS.contains(f.medium()), f -> Channel.EMAIL),
            new Rule("a search engine's click id (gclid, msclkid, yclid ...) or an ad utm_source (fb-ads) is paid",
                    f -> f.origin().paid(), f -> Channel.PAID),
            new Rule("a known network, search engine, AI assistant, mail provider or ad network keeps its channel",
                    f -> f.origin().known() != null, f -> f.origin().known().channel()),
            new Rule("utm_medium marks social (social, social-media, sm)",
                    f -> SOCIAL_MEDIUMS.contains(f.medium()), f -> Channel.SOCIAL),
            new Rule("any other utm_source or referrer host is a referral",
                    f -> f.origin().name() != null, f -> Channel.REFERRAL),
            new Rule("nothing says where the visit came from",
                    f -> true, f -> Channel.DIRECT));

    private static final class Standard {
        static final SourceClassifier INSTANCE = new SourceClassifier(SourceTable.standard());
    }

    private final SourceTable table;

    SourceClassifier(SourceTable table) {
        this.table = table;
    }

    /** The classifier over the bundled data file (loaded once, on first call). */
    public static SourceClassifier standard() {
        return Standard.INSTANCE;
    }

    public Source classify(Landing landing) {
        Utm utm = Utm.from(landing.queryParams());
        ClickId click = landing.queryParams().isEmpty() ? null : table.findClickId(landing.queryParams().keySet());
        Referrer referrer = Referrer.parse(landing.referrer());
        boolean internal = referrer != null && referrer.isSite(landing.siteHosts());
        if (internal) {
            referrer = null; // a self referral says nothing about where the visitor came from
        }

        Origin origin = origin(utm, click, referrer, landing.userAgent());
        String medium = utm.medium() == null ? "" : SourceTable.aliasKey(utm.medium());
        Channel channel = channel(new Facts(origin, medium));

        Known known = origin.known();
        boolean socialVisit = channel == Channel.SOCIAL || channel == Channel.PAID; // paid social keeps its network
        String network = known != null && known.channel() == Channel.SOCIAL && socialVisit ? known.name() : null;
        return new Source(channel, network, origin.name(), referrer == null ? null : referrer.host(),
                click == null ? null : click.param(), utm, internal);
    }

    /** UTM tags, then click ids, then the referrer, then the in-app browser. */
    private Origin origin(Utm utm, ClickId click, Referrer referrer, String userAgent) {
        if (utm.source() != null) {
            SourceTable.Alias a = table.byUtmSource(utm.source());
            return a == null ? new Origin(null, utm.source(), false) : new Origin(a.known(), a.known().name(), a.paid());
        }
        Known fromReferrer = referrer == null ? null
                : referrer.app() ? table.byApp(referrer.host()) : table.byHost(referrer.host());
        if (click != null) {
            // A referrer naming a network is more specific: Instagram also appends fbclid, YouTube ads gclid.
            Known who = fromReferrer != null && fromReferrer.channel() == Channel.SOCIAL ? fromReferrer : click.known();
            return new Origin(who, who.name(), click.known().channel() == Channel.SEARCH);
        }
        if (referrer != null) {
            return new Origin(fromReferrer, fromReferrer != null ? fromReferrer.name() : referrer.bareHost(), false);
        }
        if (utm.medium() == null) { // utm_campaign or utm_term alone say nothing about where the visit came from
            Known app = table.byUserAgent(userAgent);
            if (app != null) {
                return new Origin(app, app.name(), false);
            }
        }
        return Origin.NONE;
    }

    private static Channel channel(Facts facts) {
        for (Rule rule : CHANNEL_RULES) {
            if (rule.applies().test(facts)) {
                return rule.channel().apply(facts);
            }
        }
        throw new AssertionError("the last rule always applies");
    }
}
