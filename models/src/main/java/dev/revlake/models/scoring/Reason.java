package dev.revlake.models.scoring;

/**
 * One factor behind a prediction, in words a rep understands.
 *
 * @param column the source column
 * @param text e.g. "visited pricing 3 times in the last 7 days"
 * @param contribution the factor's effect on the linear model's log-odds (or target), against the
 *        average training row; positive raises the prediction
 */
public record Reason(String column, String text, double contribution) {
}
