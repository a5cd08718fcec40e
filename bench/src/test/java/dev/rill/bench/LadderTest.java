package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class LadderTest {

    /** A fake variant that sustains every rate below {@code limit} and no rate from it up. */
    private static IntFunction<Trial> sustainsBelow(int limit) {
        return rate -> rate < limit
                ? new Trial(Variant.RILL, rate, 1, rate, rate, rate, 0.1, 5, 20, 0, 0, null)
                : new Trial(Variant.RILL, rate, 1, rate, rate, rate, 0.1, 150, 600, 3, 0, null);
    }

    @Test
    void climbsByTheStepThenBisectsBetweenTheLastPassAndTheFirstFailure() {
        Ladder.Result r = new Ladder(10_000, 1.25, 200_000, 2).climb(sustainsBelow(23_000));
        // 10,000 12,500 15,600 19,500 pass, 24,400 fails; bisect: 22,000 passes, 23,200 fails.
        assertThat(r.trials()).extracting(Trial::rate)
                .containsExactly(10_000, 12_500, 15_600, 19_500, 24_400, 22_000, 23_200);
        assertThat(r.capacity()).isEqualTo(22_000);
        assertThat(r.unbounded()).isFalse();
    }

    @Test
    void moreBisectionsComeCloserToTheLimitFromBelow() {
        Ladder.Result r = new Ladder(10_000, 1.25, 200_000, 6).climb(sustainsBelow(23_000));
        assertThat(r.capacity()).isBetween(22_900, 22_999);
        assertThat(r.trials()).filteredOn(t -> !t.sustained()).extracting(Trial::rate)
                .allSatisfy(rate -> assertThat(rate).isGreaterThanOrEqualTo(23_000));
    }

    @Test
    void withoutBisectionTheCapacityIsTheLastRungPassed() {
        assertThat(new Ladder(10_000, 1.25, 200_000, 0).climb(sustainsBelow(23_000)).capacity()).isEqualTo(19_500);
    }

    @Test
    void aStartThatFailsIsFollowedDownwardsUntilARatePasses() {
        Ladder.Result r = new Ladder(10_000, 2, 200_000, 2).climb(sustainsBelow(3_000));
        // 10,000 5,000 fail, 2,500 passes; bisect: 3,800 fails, 3,200 fails (3,150 rounds up).
        assertThat(r.trials()).extracting(Trial::rate).containsExactly(10_000, 5_000, 2_500, 3_800, 3_200);
        assertThat(r.capacity()).isEqualTo(2_500);
    }

    @Test
    void theDescentStopsAtATenthOfTheStart() {
        Ladder.Result r = new Ladder(10_000, 2, 200_000, 2).climb(sustainsBelow(500));
        assertThat(r.trials()).extracting(Trial::rate).containsExactly(10_000, 5_000, 2_500, 1_300, 1_000);
        assertThat(r.capacity()).isZero();
        assertThat(CapacityReport.cell(r)).isEqualTo("<1,000");
    }

    @Test
    void aVariantThatSustainsTheMaximumIsReportedAsAtLeastThat() {
        Ladder.Result r = new Ladder(5_000, 2, 40_000, 2).climb(sustainsBelow(1_000_000));
        assertThat(r.trials()).extracting(Trial::rate).containsExactly(5_000, 10_000, 20_000, 40_000);
        assertThat(r.capacity()).isEqualTo(40_000);
        assertThat(r.unbounded()).isTrue();
        assertThat(CapacityReport.cell(r)).isEqualTo("≥40,000");
    }

    @Test
    void nothingSustainedGivesNoCapacityAndSaysHowLowItWent() {
        Ladder.Result r = new Ladder(1_000, 2, 40_000, 2).climb(sustainsBelow(0));
        assertThat(r.trials()).extracting(Trial::rate).containsExactly(1_000, 500, 300, 200, 100);
        assertThat(r.capacity()).isZero();
        assertThat(r.lowest()).isEqualTo(100);
        assertThat(CapacityReport.cell(r)).isEqualTo("<100");
    }

    @Test
    void aTimeoutOrAnUnendedRequestFailsATrialEvenWithALowP99() {
        Trial quick = new Trial(Variant.REACTOR, 1_000, 1, 1_000, 1_000, 990, 0.1, 2, 9, 0, 0, null);
        assertThat(quick.sustained()).isTrue();
        assertThat(new Trial(Variant.REACTOR, 1_000, 1, 1_000, 1_000, 990, 0.1, 2, 501, 1, 0, null).sustained())
                .isFalse();
        assertThat(new Trial(Variant.REACTOR, 1_000, 1, 1_000, 999, 990, 0.1, 2, 9, 0, 0, null).sustained()).isFalse();
        assertThat(new Trial(Variant.REACTOR, 1_000, 1, 1_000, 1_000, 990, 0.1, 100, 101, 0, 0, null).sustained())
                .isFalse();
    }

    @Test
    void rejectsALadderThatCannotClimb() {
        assertThatThrownBy(() -> new Ladder(10_000, 1.0, 20_000, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ladder(30_000, 1.25, 20_000, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
