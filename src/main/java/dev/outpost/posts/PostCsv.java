package dev.outpost.posts;

import dev.outpost.web.ApiError;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CSV file of posts: a header row naming the columns (any order; {@code url} and {@code target}
 * required; {@code comments}, {@code shares} and {@code likes} are counts entered by hand), then one post a row. RFC 4180: fields in double quotes may hold commas, line breaks and
 * doubled quotes; lines end in CRLF or LF; blank lines are skipped. Every refusal names the line.
 */
public final class PostCsv {
    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_ROWS = 5_000;
    /** The largest engagement count accepted from the owner (CSV or PUT): far above any post, far below overflow. */
    public static final long MAX_COUNT = 1_000_000_000_000L;
    /** The columns of counts entered by hand, stored as a manual engagement reading. */
    static final List<String> COUNTS = List.of("comments", "shares", "likes");
    static final List<String> COLUMNS = List.of("url", "target", "title", "published_at", "campaign", "comments", "shares",
            "likes");

    private PostCsv() {}

    /** One data row: the line it starts on (the header is line 1) and its value per column (absent: null). */
    public record Row(int line, Map<String, String> values) {
        public String get(String column) {
            return values.get(column);
        }
    }

    /** A record as read: the line it starts on and its fields. */
    record Record(int line, List<String> fields) {}

    /**
     * A count cell: blank is "not known" (null), anything else must be a whole number from 0 to {@link #MAX_COUNT};
     * the refusal names the column.
     */
    static Long count(String column, String raw) {
        if (raw == null || raw.isBlank()) return null;
        String s = raw.strip();
        if (!s.matches("[0-9]{1,13}")) {
            String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
            throw ApiError.badRequest(column + ": must be a whole number of 0 or more, not '" + shown + "'");
        }
        long v = Long.parseLong(s);
        if (v > MAX_COUNT) throw ApiError.badRequest(column + ": at most " + MAX_COUNT);
        return v;
    }

    /** Checks size and encoding of an uploaded file; drops the byte-order mark spreadsheets write. */
    public static String decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) throw new ApiError(413, "body: larger than 1 MiB; split the file");
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("body: not valid UTF-8; save the file as CSV UTF-8");
        }
    }

    /** The data rows of a posts file, each mapped by its header. */
    public static List<Row> rows(String text) {
        List<Record> records = records(text);
        if (records.isEmpty()) throw ApiError.badRequest("body: empty; send a header row (" + String.join(",", COLUMNS)
                + ") and one post a line");
        Record header = records.get(0);
        List<String> columns = new ArrayList<>();
        for (String raw : header.fields()) {
            String c = raw.strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(c)) {
                throw ApiError.badRequest("line " + header.line() + ": unknown column '" + raw.strip() + "'; the columns are "
                        + String.join(",", COLUMNS));
            }
            if (columns.contains(c)) throw ApiError.badRequest("line " + header.line() + ": column '" + c + "' appears twice");
            columns.add(c);
        }
        for (String required : List.of("url", "target")) {
            if (!columns.contains(required)) {
                throw ApiError.badRequest("line " + header.line() + ": the header has no '" + required + "' column");
            }
        }
        if (records.size() == 1) throw ApiError.badRequest("body: no posts after the header row");
        if (records.size() - 1 > MAX_ROWS) throw ApiError.badRequest("body: more than " + MAX_ROWS + " rows; split the file");
        List<Row> rows = new ArrayList<>();
        for (Record r : records.subList(1, records.size())) {
            if (r.fields().size() > columns.size()) {
                throw ApiError.badRequest("line " + r.line() + ": " + r.fields().size() + " fields, but the header names only "
                        + columns.size() + " columns (put fields with commas in double quotes)");
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < r.fields().size(); i++) values.put(columns.get(i), r.fields().get(i));
            rows.add(new Row(r.line(), values));
        }
        return rows;
    }

    /** Splits CSV text into records; blank lines are skipped. */
    static List<Record> records(String text) {
        List<Record> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1, recordLine = 1;
        boolean inQuotes = false, quoted = false; // quoted: the current field was a closed quoted field
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                        quoted = true;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && !(i + 1 < text.length() && text.charAt(i + 1) == '\n'))) line++;
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                quoted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                fields.add(field.toString());
                addRecord(out, recordLine, fields, quoted);
                fields = new ArrayList<>();
                field.setLength(0);
                quoted = false;
                recordLine = ++line;
            } else if (c == '"') {
                if (field.length() > 0 || quoted) {
                    throw ApiError.badRequest("line " + line + ": a double quote inside an unquoted field; put the whole field"
                            + " in double quotes and double the quote (\"\")");
                }
                inQuotes = true;
            } else if (quoted && (c == ' ' || c == '\t')) {
                continue; // blanks between a closing quote and the comma
            } else {
                if (quoted) {
                    throw ApiError.badRequest("line " + line + ": text after a closing double quote; a quoted field must end"
                            + " at the quote");
                }
                field.append(c);
            }
        }
        if (inQuotes) throw ApiError.badRequest("line " + recordLine + ": a quoted field is never closed");
        fields.add(field.toString());
        addRecord(out, recordLine, fields, quoted);
        return out;
    }

    private static void addRecord(List<Record> out, int line, List<String> fields, boolean quoted) {
        boolean blank = fields.size() == 1 && fields.get(0).isBlank() && !quoted;
        if (!blank) out.add(new Record(line, List.copyOf(fields)));
    }
}
