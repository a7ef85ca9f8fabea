package dev.outpost.domain;

import java.time.LocalDate;

/** What a dropped beacon is counted under: its site, its day (UTC) and why it was dropped. */
public record DropKey(long siteId, LocalDate day, DropReason reason) {}
