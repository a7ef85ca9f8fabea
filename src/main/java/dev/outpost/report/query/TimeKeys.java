package dev.outpost.report.query;

import dev.outpost.store.QueryStore;
import dev.outpost.store.RollupStore;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;

/**
 * The time dimensions' rows: their labels in the site's zone, whether a conversion's time or a
 * bucket SQL made ({@link #buckets}) or a rollup day ({@link #bucketStart}) gives them.
 */
final class TimeKeys {
    private TimeKeys() {}

    /** Bucket labels in the site's zone: "2026-11-20 10:00:00", "2026-11-20", the week's Monday, the month's first day. */
    static String time(Dimension d, long ts, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochMilli(ts).atZone(zone);
        return switch (d) {
            case HOUR -> String.format("%s %02d:00:00", t.toLocalDate(), t.getHour());
            case DAY -> t.toLocalDate().toString();
            case WEEK -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case MONTH -> t.toLocalDate().withDayOfMonth(1).toString();
            default -> throw new IllegalArgumentException(d.key());
        };
    }

    /** The label of a bucket number made by {@link #buckets}: the same text {@link #time} gives. */
    static String label(Dimension d, long bucket) {
        return switch (d) {
            case HOUR -> {
                LocalDateTime t = LocalDateTime.ofEpochSecond(bucket * 3600, 0, ZoneOffset.UTC);
                yield String.format("%s %02d:00:00", t.toLocalDate(), t.getHour());
            }
            case DAY -> LocalDate.ofEpochDay(bucket).toString();
            case WEEK -> LocalDate.ofEpochDay(bucket * 7 - 3).toString();
            case MONTH -> LocalDate.of((int) (bucket / 12), (int) (bucket % 12) + 1, 1).toString();
            default -> throw new IllegalArgumentException(d.key());
        };
    }

    /**
     * Time buckets of [from, to) as SQL arithmetic: the range is cut where the zone's offset changes
     * (daylight saving time), and for months at each month's start, so each piece has one offset.
     */
    static QueryStore.TimeBuckets buckets(Dimension d, ZoneId zone, long from, long to) {
        List<Long> cuts = new ArrayList<>();
        cuts.add(from);
        Instant at = Instant.ofEpochMilli(from);
        while (true) {
            ZoneOffsetTransition next = zone.getRules().nextTransition(at);
            if (next == null || next.getInstant().toEpochMilli() >= to) break;
            cuts.add(next.getInstant().toEpochMilli());
            at = next.getInstant();
        }
        if (d == Dimension.MONTH) {
            LocalDate m = Instant.ofEpochMilli(from).atZone(zone).toLocalDate().withDayOfMonth(1).plusMonths(1);
            long start;
            while ((start = m.atStartOfDay(zone).toInstant().toEpochMilli()) < to) {
                cuts.add(start);
                m = m.plusMonths(1);
            }
        }
        List<Long> sorted = cuts.stream().distinct().sorted().toList();
        long[] starts = new long[sorted.size()], offsets = new long[sorted.size()];
        long[] constants = d == Dimension.MONTH ? new long[sorted.size()] : null;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = sorted.get(i);
            Instant s = Instant.ofEpochMilli(starts[i]);
            offsets[i] = zone.getRules().getOffset(s).getTotalSeconds() * 1000L;
            if (constants != null) {
                LocalDate day = s.atZone(zone).toLocalDate();
                constants[i] = day.getYear() * 12L + day.getMonthValue() - 1;
            }
        }
        long unit = d == Dimension.HOUR ? 3_600_000L : 86_400_000L;
        return new QueryStore.TimeBuckets(unit, d == Dimension.WEEK, starts, offsets, constants);
    }

    /** The first day of the bucket of {@code day}: the day, its week's Monday, its month's first day. */
    static long bucketStart(Dimension time, int day) {
        LocalDate d = LocalDate.ofEpochDay(day);
        return switch (time) {
            case DAY -> day;
            case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toEpochDay();
            case MONTH -> d.withDayOfMonth(1).toEpochDay();
            default -> throw new IllegalArgumentException(time.key());
        };
    }

    /** How rollup rows are summed by a time dimension (day, week or month). */
    static RollupStore.Step step(Dimension time) {
        return switch (time) {
            case DAY -> RollupStore.Step.DAY;
            case WEEK -> RollupStore.Step.WEEK;
            case MONTH -> RollupStore.Step.MONTH;
            default -> throw new IllegalArgumentException(time.key());
        };
    }
}
