package dev.revlake.models.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times {@link MonteCarloForecast#simulate} on synthetic deals:
 * {@code java -cp models/target/classes dev.revlake.models.forecast.MonteCarloBench [deals] [draws]}
 * (defaults 10,000 and 10,000; 50 owners × 4 segments). Prints one line per run; the first run
 * includes JIT warm-up.
 */
public final class MonteCarloBench {

    private MonteCarloBench() {
    }

    /** Runs the bench three times. */
    public static void main(String[] args) {
        int dealCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int draws = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        SplittableRandom random = new SplittableRandom(7);
        String[] segments = {"smb", "mid_market", "enterprise", "unknown"};
        List<ForecastDeal> deals = new ArrayList<>(dealCount);
        for (int i = 0; i < dealCount; i++) {
            deals.add(new ForecastDeal(String.format("o%07d", i), "rep" + random.nextInt(50),
                    segments[random.nextInt(segments.length)], 1_000 + random.nextInt(200_000),
                    random.nextDouble()));
        }
        for (int run = 1; run <= 3; run++) {
            long started = System.nanoTime();
            MonteCarloForecast.Result result = MonteCarloForecast.simulate(deals, draws, 42L);
            double seconds = (System.nanoTime() - started) / 1e9;
            MonteCarloForecast.Quantiles all = result.of(MonteCarloForecast.ALL, MonteCarloForecast.ALL);
            System.out.printf("run=%d deals=%d draws=%d groups=%d seconds=%.3f draws_per_second=%.0f"
                            + " p10=%.0f p50=%.0f p90=%.0f%n", run, dealCount, draws, result.groups().size(),
                    seconds, draws / seconds, all.p10(), all.p50(), all.p90());
        }
    }
}
