package dev.revlake.models.scoring;

import java.util.List;

/**
 * Why a row got its prediction: the strongest factors raising and lowering it.
 *
 * @param positive factors raising the prediction, strongest first
 * @param negative factors lowering it, strongest first
 */
public record Explanation(List<Reason> positive, List<Reason> negative) {

    public Explanation {
        positive = List.copyOf(positive);
        negative = List.copyOf(negative);
    }
}
