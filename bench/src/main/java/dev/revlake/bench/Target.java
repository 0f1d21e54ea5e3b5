package dev.revlake.bench;

import java.util.Locale;
import java.util.Objects;

/**
 * One of issue 9's targets beside the figure it judges.
 *
 * @param name    what is judged, e.g. {@code nightly run for one new day}
 * @param goal    the target as people read it, e.g. {@code <= 120 s}
 * @param figure  the measured figure as text, or empty when not measured
 * @param verdict {@link Verdict#MET}, {@link Verdict#MISSED} or {@link Verdict#NOT_MEASURED}
 * @param note    why it was not measured, or what the figure is; may be empty
 */
public record Target(String name, String goal, String figure, Verdict verdict, String note) {

    /** How a target came out. */
    public enum Verdict {
        MET, MISSED, NOT_MEASURED;

        /** As printed: {@code met}, {@code missed}, {@code not measured}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(verdict, "verdict");
        figure = figure == null ? "" : figure;
        note = note == null ? "" : note;
    }

    /** A figure judged against an upper bound. */
    static Target atMost(String name, String goal, double value, double limit, String figure, String note) {
        return new Target(name, goal, figure, value <= limit ? Verdict.MET : Verdict.MISSED, note);
    }

    /** A figure judged against a lower bound. */
    static Target atLeast(String name, String goal, double value, double limit, String figure, String note) {
        return new Target(name, goal, figure, value >= limit ? Verdict.MET : Verdict.MISSED, note);
    }

    /** A target this run has no figure for. */
    static Target notMeasured(String name, String goal, String why) {
        return new Target(name, goal, "", Verdict.NOT_MEASURED, why);
    }
}
