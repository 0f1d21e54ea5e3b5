package dev.revlake.models.training;

/** The data cannot train a trustworthy model; the message says why and what would fix it. */
public final class TrainingDataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public TrainingDataException(String message) {
        super(message);
    }
}
