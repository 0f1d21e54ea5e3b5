/**
 * Trained predictors that score one row or a batch from plain feature vectors and explain each
 * prediction in words a rep understands.
 */
package dev.revlake.models.scoring;
