package dev.outpost.domain;

import java.util.List;

/** A website whose traffic Outpost counts. {@code hosts} holds the domain first, then its aliases. */
public record Site(long id, String domain, String name, String timezone, List<String> aliases, long createdAt) {
    public Site {
        aliases = List.copyOf(aliases);
    }

    /** The domain and its aliases: every host that is this site. */
    public java.util.Set<String> hosts() {
        java.util.Set<String> all = new java.util.HashSet<>(aliases);
        all.add(domain);
        return all;
    }

    /** True when a page host (already normalised by {@link Domains#normalise}) belongs to this site. */
    public boolean owns(String host) {
        return domain.equals(host) || aliases.contains(host);
    }

    /** The exact line the owner pastes into their pages. */
    public String snippet(String baseUrl) {
        return "<script defer data-site=\"" + domain + "\" src=\"" + baseUrl + "/js/outpost.js\"></script>";
    }
}
