/**
 * Versioned models under the lake, with Tribuo provenance, manifests, reports and a champion
 * pointer, on any file system behind a small {@link dev.revlake.models.registry.ModelStore}.
 */
package dev.revlake.models.registry;
