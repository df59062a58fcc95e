import type { z } from "zod";

/**
 * Characters no name, description or tag may hold: C0/C1 control characters (NUL, BEL, ESC, DEL …),
 * the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, "Trojan Source"),
 * and lone UTF-16 surrogates. They hide or reorder what a reviewer of a plan, an audit entry or a
 * terminal listing sees.
 */
// With the `u` flag a well-formed surrogate pair is one code point, so the surrogate range only
// matches halves that stand alone.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;
/** As above, but TAB, LF and CR are allowed: descriptions are typed into a multi-line field. */
const UNSAFE_MULTI_LINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;

export const FREE_TEXT_MESSAGE =
  "must not contain control characters, bidirectional overrides or unpaired surrogates";

export const isSafeText = (value: string, options: { multiline?: boolean } = {}): boolean =>
  !(options.multiline ? UNSAFE_MULTI_LINE : UNSAFE_SINGLE_LINE).test(value);

/**
 * The one refinement every schema of user-typed text goes through (names, descriptions, tags): a
 * refused value is a 400 whose message names the field.
 */
export const freeText = <T extends z.ZodString>(schema: T, options: { multiline?: boolean } = {}): T =>
  schema.refine((v) => isSafeText(v, options), FREE_TEXT_MESSAGE) as T;
