/**
 * Gold layer: point-in-time feature snapshots for the models (leads and opportunities), the
 * funnel and velocity metrics revenue teams read each morning, and the daily list of known
 * contacts on the website. Every snapshot is computed only from what happened, and what RevLake
 * could attribute, by the end of its date; labels appear only once their window has passed.
 */
package dev.revlake.gold;
