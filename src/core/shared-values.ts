// Values built once and then shared by many answers: a resource's view, kept while its stored
// row is unchanged (service/resources/view-memo.ts). They are deep-frozen when shared, so the
// wire protocols may keep each one's encoding and splice it into every answer that lists it
// (protocol/aws-json-1-1.ts, protocol/rpc-v2-cbor.ts) instead of encoding it again.

const shared = new WeakSet<object>();

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  // A Date's time stays settable through its methods: shared values must not be changed that way either.
  if (value instanceof Date || ArrayBuffer.isView(value)) return;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
}

/**
 * Marks `value` as shared: deep-freezes it (a change would now throw) and lets the protocols
 * reuse its encodings. Answers `value`.
 */
export function shareValue<T extends object>(value: T): T {
  deepFreeze(value);
  shared.add(value);
  return value;
}

/** Whether `value` was marked by shareValue (and so never changes). */
export function isShared(value: unknown): value is object {
  return typeof value === 'object' && value !== null && shared.has(value);
}

/** Whether `list` holds a shared value. */
export function holdsShared(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (isShared(list[i])) return true;
  return false;
}

/**
 * Whether `value` is a plain object with a member that lists shared values: an output the
 * protocols assemble from kept encodings.
 */
export function hasSharedList(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (Array.isArray(member) && holdsShared(member)) return true;
  }
  return false;
}
