package dev.revlake.models.forecast;

import static dev.revlake.models.forecast.MonteCarloForecast.ALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.revlake.models.forecast.MonteCarloForecast.Quantiles;
import dev.revlake.models.forecast.MonteCarloForecast.Result;

class MonteCarloForecastTest {

    private static ForecastDeal deal(String id, String owner, String segment, double amount, double q) {
        return new ForecastDeal(id, owner, segment, amount, q);
    }

    @Test
    void aCoinFlipDealBooksNothingAtP10AndEverythingAtP90() {
        Result r = MonteCarloForecast.simulate(List.of(deal("o1", "rep1", "smb", 100, 0.5)), 10_000, 42);

        Quantiles q = r.of("rep1", "smb");
        assertThat(q.p10()).isEqualTo(0.0);
        assertThat(q.p90()).isEqualTo(100.0);
        assertThat(q.mean()).isCloseTo(50.0, within(2.0));
        assertThat(r.of(ALL, ALL)).isEqualTo(q);
        assertThat(r.of("rep1", ALL)).isEqualTo(q);
        assertThat(r.of(ALL, "smb")).isEqualTo(q);
        assertThat(r.groups()).hasSize(4);
    }

    @Test
    void certainDealsRollUpToTheirExactSums() {
        List<ForecastDeal> deals = List.of(deal("o1", "rep1", "smb", 100, 1), deal("o2", "rep1", "enterprise", 250, 1),
                deal("o3", "rep2", "smb", 40, 1), deal("o4", "rep2", "smb", 999, 0));

        Result r = MonteCarloForecast.simulate(deals, 100, 1);

        assertThat(r.of("rep1", "smb")).isEqualTo(new Quantiles(100, 100, 100, 100));
        assertThat(r.of("rep1", ALL)).isEqualTo(new Quantiles(350, 350, 350, 350));
        assertThat(r.of("rep2", ALL)).isEqualTo(new Quantiles(40, 40, 40, 40));
        assertThat(r.of(ALL, "smb")).isEqualTo(new Quantiles(140, 140, 140, 140));
        assertThat(r.of(ALL, "enterprise")).isEqualTo(new Quantiles(250, 250, 250, 250));
        assertThat(r.of(ALL, ALL)).isEqualTo(new Quantiles(390, 390, 390, 390));
        // 2 owners x segments present (3 leaves) + 2 owners + 2 segments + total
        assertThat(r.groups()).hasSize(8);
    }

    @Test
    void dealsWithProbabilityZeroAreNeverBooked() {
        Result r = MonteCarloForecast.simulate(List.of(deal("o1", "rep1", "smb", 500, 0),
                deal("o2", "rep2", "smb", 700, 0)), 1_000, 3);

        assertThat(r.of(ALL, ALL)).isEqualTo(Quantiles.ZERO);
        assertThat(r.of("rep2", "smb")).isEqualTo(Quantiles.ZERO);
        assertThat(r.of("nobody", "smb")).isEqualTo(Quantiles.ZERO);
    }

    @Test
    void sameDealsAndSeedGiveTheSameFiguresInAnyOrderAndAnotherSeedDiffers() {
        List<ForecastDeal> deals = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            deals.add(deal("o" + i, "rep" + (i % 3), i % 2 == 0 ? "smb" : "enterprise", 100 + i * 10, 0.3));
        }
        List<ForecastDeal> reversed = new ArrayList<>(deals);
        java.util.Collections.reverse(reversed);

        Result a = MonteCarloForecast.simulate(deals, 2_000, 42);
        Result b = MonteCarloForecast.simulate(reversed, 2_000, 42);
        Result c = MonteCarloForecast.simulate(deals, 2_000, 43);

        assertThat(b.groups()).isEqualTo(a.groups());
        assertThat(c.groups()).isNotEqualTo(a.groups());
    }

    @Test
    void rollUpsAreQuantilesOfSumsNotSumsOfQuantiles() {
        // Ten independent coin flips of 100: each deal's P90 is 100, but the total's P90 is far below 1,000.
        List<ForecastDeal> deals = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            deals.add(deal("o" + i, "rep" + i, "smb", 100, 0.5));
        }
        Result r = MonteCarloForecast.simulate(deals, 10_000, 42);

        Quantiles all = r.of(ALL, ALL);
        assertThat(r.of("rep0", "smb").p90()).isEqualTo(100.0);
        assertThat(all.p10()).isLessThanOrEqualTo(all.p50()).isGreaterThanOrEqualTo(200.0);
        assertThat(all.p50()).isEqualTo(500.0);
        assertThat(all.p90()).isGreaterThanOrEqualTo(all.p50()).isLessThanOrEqualTo(800.0);
        assertThat(r.of(ALL, "smb")).isEqualTo(all);
    }

    @Test
    void badInputIsRefusedWithClearMessages() {
        assertThatThrownBy(() -> deal("o1", "rep1", "smb", -1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(
                        "Invalid amount of deal o1: -1.0 (must be finite and at least 0)");
        assertThatThrownBy(() -> deal("o1", "rep1", "smb", Double.NaN, 0.5))
                .hasMessageStartingWith("Invalid amount of deal o1: NaN");
        assertThatThrownBy(() -> deal("o1", "rep1", "smb", 10, 1.5))
                .hasMessage("Invalid probability of deal o1: 1.5 (must be in [0, 1])");
        assertThatThrownBy(() -> deal("o1", "rep1", "smb", 10, -0.1))
                .hasMessage("Invalid probability of deal o1: -0.1 (must be in [0, 1])");
        assertThatThrownBy(() -> deal("o1", ALL, "smb", 10, 0.1)).hasMessageStartingWith("Invalid owner of deal o1");
        assertThatThrownBy(() -> MonteCarloForecast.simulate(List.of(deal("o1", "rep1", "smb", 10, 0.5)), 99, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid draws: 99 (at least 100)");
        assertThatThrownBy(() -> MonteCarloForecast.simulate(List.of(deal("o1", "rep1", "smb", 10, 0.5),
                deal("o1", "rep2", "smb", 10, 0.5)), 100, 1)).hasMessageContaining("the id o1 appears twice");
    }

    @Test
    void noDealsGiveOnlyAZeroTotal() {
        Result r = MonteCarloForecast.simulate(List.of(), 100, 1);
        assertThat(r.groups()).containsOnlyKeys(new MonteCarloForecast.Group(ALL, ALL));
        assertThat(r.of(ALL, ALL)).isEqualTo(Quantiles.ZERO);
    }

    @Test
    void nearestRankPicksTheDrawAtRankCeilingOfPN() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(MonteCarloForecast.nearestRank(sorted, 0.1)).isEqualTo(1.0);
        assertThat(MonteCarloForecast.nearestRank(sorted, 0.5)).isEqualTo(5.0);
        assertThat(MonteCarloForecast.nearestRank(sorted, 0.9)).isEqualTo(9.0);
    }
}
