/**
 * Text a client can choose (a model name, a path, an error that quotes the request) is bounded wherever Switchboard
 * keeps or repeats it — the usage ledger, the log, an error answer — so no request can make them grow by megabytes.
 */

/** The most characters of one error message kept in the ledger or sent in an error answer. */
export const MAX_MESSAGE_LENGTH = 2000;

/** The most characters of a short, identifying text (a model name, an endpoint, an id) kept in the ledger or the log. */
export const MAX_NAME_LENGTH = 256;

/** The most characters of any one text written to the log. */
export const MAX_LOGGED_TEXT_LENGTH = 4000;

/**
 * `text` cut to at most `max` characters (UTF-16 code units) and, when cut, said so at its end. A cut never splits a
 * character outside the Basic Multilingual Plane (an emoji) into half a surrogate pair.
 */
export function boundText(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = (left: number) => `… (${left.toLocaleString('en-US')} more characters)`;
  const room = max - note(text.length).length; // the longest the note can be
  let end = room > 0 ? room : max; // a bound too small for the note gets the text alone
  if (isHighSurrogate(text.charCodeAt(end - 1))) end--; // its pair would be cut off
  return room > 0 ? `${text.slice(0, end)}${note(text.length - end)}` : text.slice(0, end);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** boundText for a text that may be absent. */
export function boundOptionalText(text: string | null, max: number): string | null {
  return text === null ? null : boundText(text, max);
}
