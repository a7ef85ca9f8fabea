package dev.outpost.attribution;

import java.util.Locale;

/** The acquisition channel of a visit. The {@link #key()} is what gets stored and shown. */
public enum Channel {
    DIRECT, SOCIAL, SEARCH, AI, EMAIL, REFERRAL, PAID;

    private final String key = name().toLowerCase(Locale.ROOT);

    /** Lower-case name, e.g. {@code "social"}; stable, used in storage and URLs. */
    public String key() {
        return key;
    }
}
