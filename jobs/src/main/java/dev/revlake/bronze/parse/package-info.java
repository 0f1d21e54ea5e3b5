/**
 * Bronze-layer parsers: turn one raw landing file (JSONL or CSV, see {@link dev.revlake.raw.Source})
 * into typed records or quarantine entries, in pure Java so the Spark job can call them inside a
 * {@code flatMap}.
 *
 * <p>Entry point: {@link dev.revlake.bronze.parse.RawFileParser}. Every record of a file becomes
 * exactly one {@link dev.revlake.bronze.parse.ParsedRecord}: {@code Good} (values typed and aligned
 * with {@code Source.fields()}) or {@code Bad} (the exact record text plus a reason a person can
 * read). Bad content never throws and never spoils the good records of the same file.
 *
 * <p>Reasons never carry free-text or e-mail values (personal data); they may quote short values of
 * typed fields (numbers, dates, enumerations) to make the problem obvious.
 */
package dev.revlake.bronze.parse;
