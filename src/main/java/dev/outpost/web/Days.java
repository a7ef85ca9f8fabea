package dev.outpost.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Days sent to the API ({@code 2026-11-30}), kept to years whose instants and epoch millis fit. */
public final class Days {
    public static final LocalDate FIRST = LocalDate.of(1970, 1, 1);
    public static final LocalDate LAST = LocalDate.of(9999, 12, 31);

    private Days() {}

    /** A 400 naming {@code field} for anything else, {@code +999999999-01-01} included (it overflows epoch millis). */
    public static LocalDate parse(String field, String raw) {
        LocalDate d;
        try {
            d = LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(field + ": '" + shown(raw) + "' is not a day like 2026-11-30");
        }
        if (d.isBefore(FIRST) || d.isAfter(LAST)) throw ApiError.badRequest(field + ": " + d + " is not between " + FIRST + " and " + LAST);
        return d;
    }

    private static String shown(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
