package dev.outpost.attribution;

import static dev.outpost.attribution.AttributionModel.FIRST_TOUCH;
import static dev.outpost.attribution.AttributionModel.LAST_NON_DIRECT;
import static dev.outpost.attribution.AttributionModel.LAST_TOUCH;
import static dev.outpost.attribution.AttributionModel.LINEAR;
import static dev.outpost.attribution.AttributionModel.POSITION_BASED;
import static dev.outpost.attribution.AttributionModel.TIME_DECAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AttributionModelTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long CONVERSION = 1_700_000_000_000L;

    /**
     * The journey most scenarios use: social 21 days before, direct 14 days before, social 7 days before, and a
     * direct visit at the moment of conversion.
     */
    private static final List<Touch> JOURNEY = List.of(
            new Touch(CONVERSION - 21 * DAY, false),
            new Touch(CONVERSION - 14 * DAY, true),
            new Touch(CONVERSION - 7 * DAY, false),
            new Touch(CONVERSION, true));

    /** Expected shares written as plain decimals; compared with their scale, so "0.25" must come back as 0.250000. */
    private static List<BigDecimal> shares(String... values) {
        return Arrays.stream(values).map(v -> new BigDecimal(v).setScale(6)).toList();
    }

    /** n touches one day apart, the last one at the conversion, none direct. */
    private static List<Touch> touches(int n) {
        List<Touch> out = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            out.add(new Touch(CONVERSION - i * DAY, false));
        }
        return out;
    }

    // ---------------------------------------------------------------- one scenario per model

    @Test
    void firstTouchGivesEverythingToTheFirstVisit() {
        assertThat(FIRST_TOUCH.credit(JOURNEY, CONVERSION)).isEqualTo(shares("1", "0", "0", "0"));
    }

    @Test
    void lastTouchGivesEverythingToTheLastVisitEvenWhenItIsDirect() {
        assertThat(LAST_TOUCH.credit(JOURNEY, CONVERSION)).isEqualTo(shares("0", "0", "0", "1"));
    }

    @Test
    void creditsTheLastNonDirectTouchWhenTheLastIsDirect() {
        // touches 4 and 2 are direct; the last one with a source is touch 3
        assertThat(LAST_NON_DIRECT.credit(JOURNEY, CONVERSION)).isEqualTo(shares("0", "0", "1", "0"));
    }

    @Test
    void creditsTheLastTouchWhenItHasASource() {
        List<Touch> t = List.of(new Touch(CONVERSION - DAY, false), new Touch(CONVERSION, false));

        assertThat(LAST_NON_DIRECT.credit(t, CONVERSION)).isEqualTo(shares("0", "1"));
    }

    @Test
    void creditsTheLastTouchWhenEveryTouchIsDirect() {
        List<Touch> t = List.of(new Touch(CONVERSION - DAY, true), new Touch(CONVERSION, true));

        assertThat(LAST_NON_DIRECT.credit(t, CONVERSION)).isEqualTo(shares("0", "1"));
    }

    @Test
    void linearSharesEquallyAmongFourTouches() {
        // 1/4 = 0.25 each, exact
        assertThat(LINEAR.credit(JOURNEY, CONVERSION)).isEqualTo(shares("0.25", "0.25", "0.25", "0.25"));
    }

    @Test
    void linearGivesTheRoundingRemainderToTheLatestTouch() {
        // 1/3 = 0.333333|33..: three floors sum to 0.999999; equal remainders, so the missing millionth goes
        // to the latest touch
        assertThat(LINEAR.credit(touches(3), CONVERSION)).isEqualTo(shares("0.333333", "0.333333", "0.333334"));
    }

    @Test
    void linearSpreadsSeveralMissingMillionthsOverTheLatestTouches() {
        // 1/6 = 0.166666|67: six floors sum to 0.999996; the 4 missing millionths go to the 4 latest touches
        assertThat(LINEAR.credit(touches(6), CONVERSION))
                .isEqualTo(shares("0.166666", "0.166666", "0.166667", "0.166667", "0.166667", "0.166667"));
    }

    @Test
    void positionBasedGivesFortyTwentyFortyOverFourTouches() {
        // weights 2(n-2)=4 : 1 : 1 : 4, total 10 -> 0.4, 0.1, 0.1, 0.4 (the middle two share 20 %)
        assertThat(POSITION_BASED.credit(JOURNEY, CONVERSION)).isEqualTo(shares("0.4", "0.1", "0.1", "0.4"));
    }

    @Test
    void positionBasedGivesTheMiddleTouchTwentyPercentOfThree() {
        // weights 2 : 1 : 2, total 5 -> 0.4, 0.2, 0.4
        assertThat(POSITION_BASED.credit(touches(3), CONVERSION)).isEqualTo(shares("0.4", "0.2", "0.4"));
    }

    @Test
    void positionBasedRoundsTheMiddleSharesOfFiveTouches() {
        // weights 6 : 1 : 1 : 1 : 6, total 15 -> 0.4 and 0.2 / 3 = 0.066666|67 three times; floors sum to 0.999998,
        // the middles lost most (0.67 of a millionth each), ties go to the later ones: touches 4 and 3 get +0.000001
        assertThat(POSITION_BASED.credit(touches(5), CONVERSION))
                .isEqualTo(shares("0.4", "0.066666", "0.066667", "0.066667", "0.4"));
    }

    @Test
    void positionBasedSplitsTwoTouchesEvenly() {
        assertThat(POSITION_BASED.credit(touches(2), CONVERSION)).isEqualTo(shares("0.5", "0.5"));
    }

    @Test
    void positionBasedGivesASingleTouchEverything() {
        assertThat(POSITION_BASED.credit(touches(1), CONVERSION)).isEqualTo(shares("1"));
    }

    @Test
    void timeDecayHalvesTheWeightPerWeekOfAge() {
        // ages 21, 14, 7, 0 days -> weights 1/8, 1/4, 1/2, 1; total 15/8 -> 1/15, 2/15, 4/15, 8/15
        // = 0.066666|67, 0.133333|33, 0.266666|67, 0.533333|33; floors sum to 0.999998; touches 1 and 3 lost
        // most (0.67 each) and get the two missing millionths
        assertThat(TIME_DECAY.credit(JOURNEY, CONVERSION))
                .isEqualTo(shares("0.066667", "0.133333", "0.266667", "0.533333"));
    }

    @Test
    void timeDecayOverTwoWeeks() {
        // ages 14, 7, 0 days -> weights 1/4, 1/2, 1; total 7/4 -> 1/7, 2/7, 4/7
        // = 0.142857|14, 0.285714|29, 0.571428|57: the last lost most and gets the missing millionth
        List<Touch> t = List.of(new Touch(CONVERSION - 14 * DAY, false), new Touch(CONVERSION - 7 * DAY, true),
                new Touch(CONVERSION, false));

        assertThat(TIME_DECAY.credit(t, CONVERSION)).isEqualTo(shares("0.142857", "0.285714", "0.571429"));
    }

    @Test
    void timeDecayDependsOnlyOnTheTouchesAgesRelativeToEachOther() {
        // ages 10 and 3 days -> weights 2^(-10/7) and 2^(-3/7), ratio 1 : 2 -> 1/3, 2/3 as for ages 7 and 0
        List<Touch> t = List.of(new Touch(CONVERSION - 10 * DAY, false), new Touch(CONVERSION - 3 * DAY, false));

        assertThat(TIME_DECAY.credit(t, CONVERSION)).isEqualTo(shares("0.333333", "0.666667"));
    }

    @Test
    void timeDecaySplitsSimultaneousTouchesEvenly() {
        List<Touch> t = List.of(new Touch(CONVERSION - DAY, false), new Touch(CONVERSION - DAY, true));

        assertThat(TIME_DECAY.credit(t, CONVERSION)).isEqualTo(shares("0.5", "0.5"));
    }

    // ---------------------------------------------------------------- every model

    @ParameterizedTest
    @EnumSource(AttributionModel.class)
    void givesNoCreditWithoutTouches(AttributionModel model) {
        assertThat(model.credit(List.of(), CONVERSION)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(AttributionModel.class)
    void givesASingleTouchAllTheCredit(AttributionModel model) {
        assertThat(model.credit(List.of(new Touch(CONVERSION - 5 * DAY, true)), CONVERSION)).isEqualTo(shares("1"));
    }

    @ParameterizedTest
    @EnumSource(AttributionModel.class)
    void refusesTouchesOutOfOrder(AttributionModel model) {
        List<Touch> t = List.of(new Touch(CONVERSION - DAY, false), new Touch(CONVERSION - 2 * DAY, false));

        assertThatThrownBy(() -> model.credit(t, CONVERSION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sorted");
    }

    @ParameterizedTest
    @EnumSource(AttributionModel.class)
    void refusesATouchAfterTheConversion(AttributionModel model) {
        List<Touch> t = List.of(new Touch(CONVERSION + 1, false));

        assertThatThrownBy(() -> model.credit(t, CONVERSION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after the conversion");
    }

    /**
     * Thousands of random journeys per model: 1-20 touches at random times within the lookback window, random
     * direct flags. Credit must have one share per touch, none negative, each with 6 decimals, summing to exactly 1.
     */
    @ParameterizedTest
    @EnumSource(AttributionModel.class)
    void alwaysSharesExactlyOneWithoutNegativesOverRandomJourneys(AttributionModel model) {
        Random random = new Random(20240601L + model.ordinal());
        long lookback = AttributionModel.LOOKBACK.toMillis();
        for (int run = 0; run < 3000; run++) {
            int n = 1 + random.nextInt(20);
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                // some journeys crowd their touches into one instant, to exercise ties
                times[i] = CONVERSION - (run % 10 == 0 ? random.nextInt(3) : (long) (random.nextDouble() * lookback));
            }
            Arrays.sort(times);
            List<Touch> touches = new ArrayList<>();
            for (long ts : times) {
                touches.add(new Touch(ts, random.nextBoolean()));
            }

            List<BigDecimal> credit = model.credit(touches, CONVERSION);

            String journey = model + " over " + touches;
            assertThat(credit).as(journey).hasSize(n);
            assertThat(credit).as(journey).allSatisfy(c -> {
                assertThat(c.signum()).isNotNegative();
                assertThat(c.scale()).isEqualTo(6);
            });
            assertThat(credit.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).as(journey)
                    .isEqualByComparingTo(BigDecimal.ONE);
        }
    }

    @Test
    void linearRoundsEveryShareToWithinAMillionthOfTheExactShare() {
        Random random = new Random(7);
        BigDecimal millionth = new BigDecimal("0.000001");
        for (int run = 0; run < 500; run++) {
            int n = 1 + random.nextInt(40);
            BigDecimal exact = BigDecimal.ONE.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);

            assertThat(LINEAR.credit(touches(n), CONVERSION)).as("%d touches", n)
                    .allSatisfy(c -> assertThat(c.subtract(exact).abs()).isLessThan(millionth));
        }
    }

    // ---------------------------------------------------------------- keys

    @ParameterizedTest
    @EnumSource(AttributionModel.class)
    void parsesItsOwnKey(AttributionModel model) {
        assertThat(AttributionModel.parse(model.key())).isSameAs(model);
    }

    @Test
    void hasTheDocumentedKeys() {
        assertThat(Arrays.stream(AttributionModel.values()).map(AttributionModel::key)).containsExactly(
                "first_touch", "last_touch", "last_non_direct", "linear", "position_based", "time_decay");
    }

    @Test
    void parsesKeysIgnoringCaseAndSurroundingSpace() {
        assertThat(AttributionModel.parse(" Position_Based ")).isSameAs(POSITION_BASED);
    }

    @Test
    void namesTheAllowedKeysWhenAKeyIsUnknown() {
        assertThatThrownBy(() -> AttributionModel.parse("u_shaped"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("u_shaped")
                .hasMessageContaining("first_touch, last_touch, last_non_direct, linear, position_based, time_decay");
        assertThatThrownBy(() -> AttributionModel.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsToLastNonDirectWithAThirtyDayLookback() {
        assertThat(AttributionModel.DEFAULT).isSameAs(LAST_NON_DIRECT);
        assertThat(AttributionModel.LOOKBACK).isEqualTo(Duration.ofDays(30));
    }
}
