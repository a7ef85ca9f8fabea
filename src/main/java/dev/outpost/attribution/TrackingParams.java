package dev.outpost.attribution;

import java.util.Locale;
import java.util.Set;

/**
 * Query parameters that only tell where a click came from, never which page it was: stripped from the stored
 * path so that "/post?fbclid=abc" and "/post" count as one page. Compared ignoring case.
 */
public final class TrackingParams {

    /** Families with open-ended members: utm_id, utm_source_platform, mtm_cid, hsa_acc ... */
    private static final String[] PREFIXES = {"utm_", "mtm_", "hsa_"};

    private static final Set<String> NAMES = Set.of(
            // click ids (keep in sync with the "click" rows of sources.txt; a test checks it)
            "fbclid", "gclid", "gclsrc", "gbraid", "wbraid", "dclid", "gad_source", "gad_campaignid", "msclkid",
            "yclid", "ysclid", "twclid", "li_fat_id", "ttclid", "rdt_cid", "sccid", "epik", "srsltid",
            // Outpost's own tracked-link parameter (see PostMatcher): it names the post, not the page
            "op_post",
            // share and session ids added by apps and analytics
            "igshid", "igsh", "si", "ref_src", "ref_url", "_ga", "_gl",
            // email tools: Mailchimp, Marketo, HubSpot, Klaviyo, Drip, Omeda, Vero
            "mc_cid", "mc_eid", "mkt_tok", "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "_kx", "__s",
            "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv",
            // Matomo / Piwik campaign parameters
            "pk_campaign", "pk_kwd", "pk_keyword", "pk_source", "pk_medium", "pk_content", "pk_cid");

    private TrackingParams() {
    }

    public static boolean isTracking(String paramName) {
        if (paramName == null || paramName.isEmpty()) {
            return false;
        }
        String name = paramName.toLowerCase(Locale.ROOT);
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return true;
            }
        }
        return NAMES.contains(name);
    }
}
