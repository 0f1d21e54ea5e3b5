/**
 * Silver: clean events across channels, identity stitching, sessions, contacts, accounts and
 * opportunity history. Joins start here; every table documents its grain in its contract.
 */
package dev.revlake.silver;
