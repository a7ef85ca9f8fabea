package dev.outpost.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.outpost.domain.Money;
import dev.outpost.domain.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.EventStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.JsonOut;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * {@code GET /api/v1/export/events}: a site's stored events as NDJSON, streamed row by row.
 * {@code from}/{@code to} are days in the site's time zone, both included. It is also the owner's
 * way to take all their data elsewhere.
 */
public final class ExportApi {
    private final SiteRegistry sites;
    private final EventStore events;

    public ExportApi(SiteRegistry sites, EventStore events) {
        this.sites = sites;
        this.events = events;
    }

    public void events(Context ctx) throws IOException {
        Site site = SitesApi.named(sites, ctx.queryParam("site"), ", e.g. ?site=example.com");
        ZoneId zone = ZoneId.of(site.timezone());
        LocalDate from = DropsApi.day(ctx, "from", LocalDate.of(1970, 1, 1));
        LocalDate to = DropsApi.day(ctx, "to", LocalDate.now(zone));
        if (from.isAfter(to)) throw ApiError.badRequest("from: " + from + " is after to: " + to);
        long fromMs = from.atStartOfDay(zone).toInstant().toEpochMilli();
        long toMs = to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();

        ctx.contentType("application/x-ndjson; charset=utf-8");
        ctx.header("Content-Disposition", "inline; filename=\"" + site.domain() + "-events.ndjson\"");
        OutputStream out = ctx.outputStream();
        events.export(site.id(), fromMs, toMs, rs -> writeRow(out, rs));
        out.flush();
    }

    private void writeRow(OutputStream out, ResultSet rs) throws SQLException {
        try {
            JsonGenerator g = JsonOut.MAPPER.getFactory().createGenerator(out);
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(rs.getLong("ts")).toString());
            for (String col : new String[] {"name", "host", "path", "title", "referrer", "referrer_host", "channel",
                    "network", "source", "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "click_id",
                    "browser", "os", "device"}) {
                g.writeStringField(col, rs.getString(col));
            }
            intField(g, rs, "screen_width");
            g.writeStringField("visitor_id", rs.getString("visitor_id"));
            String props = rs.getString("props");
            g.writeFieldName("props");
            if (props == null) g.writeRawValue("{}");
            else g.writeRawValue(props);
            long micros = rs.getLong("revenue_micros");
            boolean noRevenue = rs.wasNull();
            String currency = rs.getString("revenue_currency");
            g.writeStringField("revenue_amount", noRevenue || currency == null ? null : Money.format(micros, currency));
            g.writeStringField("revenue_currency", currency);
            intField(g, rs, "engaged_ms");
            intField(g, rs, "scroll_depth");
            longField(g, rs, "session_id");
            longField(g, rs, "post_id");
            g.writeStringField("post_match", rs.getString("post_match"));
            g.writeEndObject();
            g.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }



    private static void longField(JsonGenerator g, ResultSet rs, String col) throws SQLException, IOException {
        long v = rs.getLong(col);
        if (rs.wasNull()) g.writeNullField(col);
        else g.writeNumberField(col, v);
    }

    private static void intField(JsonGenerator g, ResultSet rs, String col) throws SQLException, IOException {
        int v = rs.getInt(col);
        if (rs.wasNull()) g.writeNullField(col);
        else g.writeNumberField(col, v);
    }
}
