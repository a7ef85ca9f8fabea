package dev.outpost.domain;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Slugs of tracked links ({@code /go/{slug}}): random ones, and the rule for custom ones. */
public final class Slugs {
    /** 32 characters, lower case, without the look-alikes 0/o and 1/l: 5 random bits each. */
    public static final String ALPHABET = "23456789abcdefghijkmnpqrstuvwxyz";
    public static final int LENGTH = 7;
    private static final Pattern CUSTOM = Pattern.compile("[a-z0-9-]{3,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Slugs() {}

    /** A fresh random slug: 7 characters, 32^7 (about 34 billion) possibilities. */
    public static String random() {
        char[] c = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) c[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        return new String(c);
    }

    /** True for a slug an owner may choose: 3 to 64 of a-z, 0-9 and '-'. */
    public static boolean isValidCustom(String slug) {
        return slug != null && CUSTOM.matcher(slug).matches();
    }

    /** True for anything that could be a slug at all; /go/ answers 404 for the rest without a query. */
    public static boolean couldBeSlug(String s) {
        return s != null && !s.isEmpty() && s.length() <= 64 && s.chars().allMatch(ch -> ch == '-'
                || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'));
    }
}
