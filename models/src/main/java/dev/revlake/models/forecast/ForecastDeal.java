package dev.revlake.models.forecast;

/**
 * One open deal of a simulation.
 *
 * @param dealId      unique id (the simulation sorts by it, so input order never matters)
 * @param ownerId     owning rep; not {@value MonteCarloForecast#ALL}
 * @param segment     segment; not {@value MonteCarloForecast#ALL}
 * @param amountUsd   amount booked when the deal is won in the period, at least 0
 * @param probability booking probability q in [0, 1]
 */
public record ForecastDeal(String dealId, String ownerId, String segment, double amountUsd, double probability) {

    public ForecastDeal {
        if (dealId == null || dealId.isBlank()) {
            throw new IllegalArgumentException("Invalid deal id: " + dealId);
        }
        if (ownerId == null || MonteCarloForecast.ALL.equals(ownerId)) {
            throw new IllegalArgumentException(String.format("Invalid owner of deal %s: %s (null and '%s' are"
                    + " not allowed; '%s' names roll-ups)", dealId, ownerId, MonteCarloForecast.ALL,
                    MonteCarloForecast.ALL));
        }
        if (segment == null || MonteCarloForecast.ALL.equals(segment)) {
            throw new IllegalArgumentException(String.format("Invalid segment of deal %s: %s (null and '%s' are"
                    + " not allowed; '%s' names roll-ups)", dealId, segment, MonteCarloForecast.ALL,
                    MonteCarloForecast.ALL));
        }
        if (!(amountUsd >= 0) || Double.isInfinite(amountUsd)) {
            throw new IllegalArgumentException(String.format("Invalid amount of deal %s: %s (must be finite and"
                    + " at least 0)", dealId, amountUsd));
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(String.format("Invalid probability of deal %s: %s (must be in"
                    + " [0, 1])", dealId, probability));
        }
    }
}
