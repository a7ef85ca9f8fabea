package dev.outpost.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/**
 * An exact amount of money: millionths of a currency unit and an ISO 4217 code. Beacons, goals
 * and server-side conversions all read money through {@link #parse}, so they refuse the same
 * things with the same words.
 */
public record Money(long micros, String currency) {
    static final BigDecimal MAX = new BigDecimal("1000000000000");

    /**
     * Reads {@code amount} (a decimal string or a JSON number) and {@code currency}; the message of
     * the IllegalArgumentException names {@code field}.amount or {@code field}.currency.
     */
    public static Money parse(JsonNode amount, JsonNode currency, String field) {
        BigDecimal value;
        if (amount == null || amount.isNull()) throw new IllegalArgumentException(field + ".amount: is required");
        if (amount.isNumber()) {
            value = amount.decimalValue();
        } else if (amount.isTextual()) {
            // Parsing digits costs more than linear time; no amount below MAX needs this many.
            if (amount.textValue().length() > 40) throw new IllegalArgumentException(field + ".amount: longer than 40 characters");
            try {
                value = new BigDecimal(amount.textValue().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + ".amount: not a decimal number");
            }
        } else {
            throw new IllegalArgumentException(field + ".amount: must be a decimal number or a string holding one");
        }
        if (value.signum() < 0) throw new IllegalArgumentException(field + ".amount: must not be negative");
        if (value.compareTo(MAX) >= 0) throw new IllegalArgumentException(field + ".amount: too large");
        if (value.stripTrailingZeros().scale() > 6) throw new IllegalArgumentException(field + ".amount: more than 6 decimal places");
        if (currency == null || !currency.isTextual()) {
            throw new IllegalArgumentException(field + ".currency: is required: a 3-letter ISO 4217 code");
        }
        String code = currency.textValue().trim().toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z]{3}")) throw new IllegalArgumentException(field + ".currency: must be a 3-letter ISO 4217 code");
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ".currency: unknown currency '" + code + "'");
        }
        return new Money(value.movePointRight(6).longValueExact(), code);
    }

    /** "29.90" for EUR: at least the currency's usual decimals, more only when stored. */
    public static String format(long micros, String currency) {
        BigDecimal v = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        if (v.scale() < digits) v = v.setScale(digits);
        return v.toPlainString();
    }
}
