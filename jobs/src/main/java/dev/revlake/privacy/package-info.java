/**
 * The right to be forgotten: {@link dev.revlake.privacy.EraseJob} finds every identifier of one
 * person (e-mail addresses, CRM contact and lead ids, browser ids through the identity map), deletes
 * their rows from every Delta table of the lake, rewrites the files outside the tables that name
 * them (pending CRM export batches, model reports, optionally the raw landing files), vacuums, and
 * records the request in {@code ops_erasures} without any personal data. See docs/privacy.md.
 */
package dev.revlake.privacy;
