// Text that has no UTF-8 form: a JSON string may escape half a surrogate pair (`"\ud800"`), and
// JSON.parse keeps it. Stored, such a string makes every CBOR answer that holds it invalid
// (CBOR text is UTF-8), so every JSON door to the store refuses it.

/** A lone surrogate code unit (a pair is one code point to a `u` regex, and does not match). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether a parsed JSON value holds a string or an object key with a lone surrogate. Iterative
 * (bodies may nest deeply); visits every value once.
 */
export function holdsLoneSurrogate(value: unknown): boolean {
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

/** Whether JSON text spells a surrogate escape at all (`\uD800`-`\uDFFF`): only then is holdsLoneSurrogate worth a walk. */
export const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;
