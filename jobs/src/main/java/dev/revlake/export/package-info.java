/**
 * CRM reload: the rows whose score or forecast changed since the last successful export
 * ({@link dev.revlake.export.ScoreChanges}, driven by Delta's change data feed and a stored
 * watermark), written as Salesforce Bulk API 2.0 and HubSpot CSV files and JSON Lines with a
 * manifest, or upserted into staging tables of a relational database.
 */
package dev.revlake.export;
