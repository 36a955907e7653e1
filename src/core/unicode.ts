// Text that has no UTF-8 form: a JSON string may escape half a surrogate pair (`"\ud800"`), and
// JSON.parse keeps it. Stored, such a string makes every CBOR answer that holds it invalid
// (CBOR text is UTF-8), so every JSON door to the store refuses it.

/** A lone surrogate code unit (a pair is one code point to a `u` regex, and does not match). */
const LONE_SURROGATE = /\p{Cs}/u;

/** A surrogate escape in JSON text (`\uD800`-`\uDFFF`). */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/**
 * Whether JSON `text`, parsed as `value`, holds a string or an object key with a lone surrogate.
 * Only a text that spells a surrogate escape is walked (a raw surrogate cannot be valid UTF-8).
 */
export function jsonHoldsLoneSurrogate(text: string, value: unknown): boolean {
  return SURROGATE_ESCAPE.test(text) && holdsLoneSurrogate(value);
}

/** The walk of jsonHoldsLoneSurrogate: iterative (bodies may nest deeply); visits every value once. */
function holdsLoneSurrogate(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) pending.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (LONE_SURROGATE.test(key)) return true;
        pending.push(item);
      }
    }
  }
  return false;
}
