package dev.outpost.report;

import dev.outpost.attribution.AttributionModel;
import dev.outpost.attribution.Touch;
import dev.outpost.domain.Goal;
import dev.outpost.store.ConversionStore.Conversion;
import dev.outpost.store.ConversionStore.Visit;
import dev.outpost.store.ConversionStore;
import dev.outpost.store.GoalStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Credits each conversion to the visits of the same visitor in the lookback window before it,
 * by an attribution model. Credit per conversion sums to 1; a conversion with no visit before it
 * stays unattributed. Exact and inferred post credit are kept apart, never added together.
 */
public final class Attribution {
    /** A share of one conversion given to one visit. */
    public record Credit(Conversion conversion, Visit visit, BigDecimal share) {}

    private final GoalStore goals;
    private final ConversionStore store;

    public Attribution(GoalStore goals, ConversionStore store) {
        this.goals = goals;
        this.store = store;
    }

    /** Credits for the conversions of a site in [from, to) (epoch ms). */
    public List<Credit> credits(long siteId, long from, long to, AttributionModel model) {
        List<Goal> siteGoals = goals.list(siteId);
        List<Conversion> conversions = store.conversions(siteId, from, to, siteGoals);
        if (conversions.isEmpty()) return List.of();
        Set<String> visitors = new HashSet<>();
        for (Conversion c : conversions) visitors.add(c.visitorId());
        long lookback = AttributionModel.LOOKBACK.toMillis();
        Map<String, List<Visit>> byVisitor = new HashMap<>();
        for (Visit v : store.visits(siteId, visitors, from - lookback, to)) {
            byVisitor.computeIfAbsent(v.visitorId(), k -> new ArrayList<>()).add(v);
        }
        List<Credit> out = new ArrayList<>();
        for (Conversion c : conversions) {
            List<Visit> touches = new ArrayList<>();
            for (Visit v : byVisitor.getOrDefault(c.visitorId(), List.of())) {
                if (v.startedAt() <= c.ts() && v.startedAt() >= c.ts() - lookback) touches.add(v);
            }
            if (touches.isEmpty()) continue;
            List<Touch> t = touches.stream().map(v -> new Touch(v.startedAt(), "direct".equals(v.channel()))).toList();
            List<BigDecimal> shares = model.credit(t, c.ts());
            for (int i = 0; i < touches.size(); i++) {
                if (shares.get(i).signum() > 0) out.add(new Credit(c, touches.get(i), shares.get(i)));
            }
        }
        return out;
    }

    /** Conversions credited to one post, exact and inferred apart. */
    public record PostCredit(BigDecimal exact, BigDecimal inferred) {
        public BigDecimal total() {
            return exact.add(inferred);
        }
    }

    public PostCredit forPost(long siteId, long postId, AttributionModel model) {
        BigDecimal exact = BigDecimal.ZERO, inferred = BigDecimal.ZERO;
        for (Credit c : credits(siteId, 0, Long.MAX_VALUE / 2, model)) {
            if (c.visit().postId() == null || c.visit().postId() != postId) continue;
            if ("exact".equals(c.visit().postMatch())) exact = exact.add(c.share());
            else inferred = inferred.add(c.share());
        }
        return new PostCredit(exact.stripTrailingZeros(), inferred.stripTrailingZeros());
    }
}
