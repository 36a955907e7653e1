// One pass over the bytes of a CBOR request body, before it is decoded, for what the decoder
// (cbor-x) gets wrong for RPC v2 CBOR:
//  - indefinite-length text and byte strings (RFC 8949 §3.2.3), which Smithy requires servers to
//    read and cbor-x refuses: rewritten as the definite strings they spell, wherever they are
//    (values, keys, list items, unknown members);
//  - map keys that are not text strings, which cbor-x silently turns into text ({1: "x"} became
//    {"1": "x"}): every map of RPC v2 CBOR (structures and maps of the model) has text keys;
//  - nesting deeper than the limit, refused before the recursive decoder sees it.
// The pass walks data items with an explicit stack (no recursion) and allocates only when it
// rewrites. Bytes it cannot walk (truncated, reserved encodings) are left to the decoder to refuse.
import { isUtf8 } from 'node:buffer';
import { protocolErrors } from '../errors/catalog.js';

const BREAK = 0xff;
const INDEFINITE = -1;
/** Returned by readArgument when the bytes end or use a reserved encoding. */
const MALFORMED = -2;

/** The head of a definite string of `length` bytes, of major type 2 or 3. */
function stringHead(major: number, length: number): Buffer {
  const mt = major << 5;
  if (length < 24) return Buffer.from([mt | length]);
  if (length < 0x100) return Buffer.from([mt | 24, length]);
  if (length < 0x10000) return Buffer.from([mt | 25, length >> 8, length & 0xff]);
  const head = Buffer.alloc(5);
  head[0] = mt | 26;
  head.writeUInt32BE(length, 1);
  return head;
}

/**
 * Checks and normalises the CBOR `body` of an RPC v2 CBOR request (see the file comment).
 * Returns `body` itself when it holds no indefinite-length string, otherwise a copy in which each
 * one is a definite string. Throws SerializationException for a map key that is not a text
 * string, an indefinite string whose chunks are not definite strings of its own type, a text
 * chunk that is not UTF-8 on its own (RFC 8949 §3.2.3), or containers nested more than
 * `maxNesting` deep below the top-level one.
 */
export function normaliseCbor(body: Buffer, maxNesting: number): Buffer {
  const n = body.length;
  let pos = 0;
  // The open containers: how many items each still expects (INDEFINITE until its break), how
  // many it has had (a map's even items are keys), and whether it is a map.
  const expected: number[] = [];
  const had: number[] = [];
  const isMap: boolean[] = [];
  // The rewritten body, as pieces, once an indefinite string was met.
  let pieces: Buffer[] | undefined;
  let copiedTo = 0;

  /** The argument of the head whose initial byte was just read (pos is after it). */
  const readArgument = (ai: number): number => {
    if (ai < 24) return ai;
    if (ai === 31) return INDEFINITE;
    const size = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : 0;
    if (size === 0 || pos + size > n) return MALFORMED;
    let value: number;
    if (size === 1) value = body[pos]!;
    else if (size === 2) value = body.readUInt16BE(pos);
    else if (size === 4) value = body.readUInt32BE(pos);
    else value = body.readUInt32BE(pos) * 0x1_0000_0000 + body.readUInt32BE(pos + 4);
    pos += size;
    return value;
  };

  const finish = (): Buffer => {
    if (!pieces) return body;
    pieces.push(body.subarray(copiedTo));
    return Buffer.concat(pieces);
  };

  for (;;) {
    if (pos >= n) return body;
    const start = pos;
    const initial = body[pos++]!;
    const top = expected.length - 1;
    let complete = false;
    if (initial === BREAK) {
      if (top < 0 || expected[top] !== INDEFINITE || (isMap[top] && had[top]! % 2 === 1)) return body;
      expected.pop();
      had.pop();
      isMap.pop();
      complete = true;
    } else {
      const major = initial >> 5;
      if (top >= 0 && isMap[top] && had[top]! % 2 === 0 && major !== 3) {
        throw protocolErrors.serialization('Request body map keys must be text strings.');
      }
      const arg = readArgument(initial & 0x1f);
      if (arg === MALFORMED) return body;
      if (major === 0 || major === 1 || major === 7) {
        complete = true;
      } else if (major === 6) {
        // A tag: its content is the next item, which completes both.
        if (arg === INDEFINITE) return body;
      } else if (major === 2 || major === 3) {
        if (arg !== INDEFINITE) {
          if (arg > n - pos) return body;
          pos += arg;
        } else {
          const chunks: Buffer[] = [];
          let total = 0;
          for (;;) {
            if (pos >= n) return body;
            const chunkInitial = body[pos++]!;
            if (chunkInitial === BREAK) break;
            const length = chunkInitial >> 5 === major ? readArgument(chunkInitial & 0x1f) : INDEFINITE;
            if (length === INDEFINITE) {
              throw protocolErrors.serialization('Request body holds an indefinite-length string whose chunks are not definite strings of its type.');
            }
            if (length === MALFORMED || length > n - pos) return body;
            const chunk = body.subarray(pos, pos + length);
            if (major === 3 && !isUtf8(chunk)) throw protocolErrors.serialization('Request body holds a text string that is not valid UTF-8.');
            chunks.push(chunk);
            total += length;
            pos += length;
          }
          (pieces ??= []).push(body.subarray(copiedTo, start), stringHead(major, total), ...chunks);
          copiedTo = pos;
        }
        complete = true;
      } else {
        // An array (4) or a map (5).
        if (expected.length > maxNesting) throw protocolErrors.serialization('Request body is nested too deeply.');
        const items = arg === INDEFINITE ? INDEFINITE : major === 5 ? arg * 2 : arg;
        if (items === 0) {
          complete = true;
        } else {
          expected.push(items);
          had.push(0);
          isMap.push(major === 5);
        }
      }
    }
    // An item ended: count it in its container; a definite container that is now full is itself
    // an item that ended. When no container is open, the top-level item is done.
    while (complete) {
      const t = expected.length - 1;
      if (t < 0) return finish();
      had[t]!++;
      if (expected[t] !== INDEFINITE && had[t] === expected[t]) {
        expected.pop();
        had.pop();
        isMap.pop();
      } else {
        complete = false;
      }
    }
  }
}
