// The seed document's shared parts: the error type, the entry reader every family's section
// checks its entries with, and the name, account and region rules.
import { MAX_TAGS_PER_RESOURCE } from '../tags/tag-limits.js';

/** A seed entry that cannot be loaded; `message` names the entry and what is wrong. */
export class SeedError extends Error {
  override readonly name = 'SeedError';
}

export const ACCOUNT_RE = /^\d{12}$/;
export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;


export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one entry's members, throwing SeedError that names the entry. */
export class EntryReader {
  constructor(
    readonly label: string,
    readonly o: Obj,
  ) {}

  fail(message: string): never {
    throw new SeedError(`${this.label}: ${message}`);
  }
  has(key: string): boolean {
    return this.o[key] !== undefined && this.o[key] !== null;
  }
  onlyKeys(allowed: readonly string[]): void {
    for (const key of Object.keys(this.o)) {
      if (!allowed.includes(key)) this.fail(`unknown member '${key}' (allowed: ${allowed.join(', ')})`);
    }
  }
  string(key: string, opts: { required?: boolean; re?: RegExp; what?: string; max?: number } = {}): string | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) {
      if (opts.required) this.fail(`${key} is required`);
      return undefined;
    }
    if (typeof v !== 'string') this.fail(`${key} must be a string`);
    if (opts.re && !opts.re.test(v)) this.fail(`${key} '${v}' is not ${opts.what ?? `a valid ${key}`}`);
    if (opts.max !== undefined && v.length > opts.max) this.fail(`${key} is longer than ${opts.max} characters`);
    return v;
  }
  oneOf(key: string, values: readonly string[]): string | undefined {
    const v = this.string(key);
    if (v !== undefined && !values.includes(v)) this.fail(`${key} '${v}' must be one of ${values.join(', ')}`);
    return v;
  }
  boolean(key: string): boolean | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') this.fail(`${key} must be true or false`);
    return v;
  }
  stringList(key: string): string[] | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) this.fail(`${key} must be a list of strings`);
    return [...v];
  }
  /** ISO-8601 text or epoch seconds -> epoch ms. */
  time(key: string, value: unknown = this.o[key]): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
      const ms = Date.parse(value);
      if (Number.isFinite(ms)) return ms;
    }
    return this.fail(`${key} must be an ISO-8601 time or epoch seconds`);
  }
  object(key: string): Obj | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) this.fail(`${key} must be an object`);
    return v;
  }
  tags(key = 'Tags'): Record<string, string> | undefined {
    const v = this.object(key);
    if (!v) return undefined;
    const entries = Object.entries(v);
    if (entries.length > MAX_TAGS_PER_RESOURCE) this.fail(`${key} has ${entries.length} tags; at most ${MAX_TAGS_PER_RESOURCE} are allowed`);
    for (const [k, value] of entries) {
      if (k.length < 1 || k.length > 128) this.fail(`tag key '${k}' must be 1 to 128 characters`);
      if (k.startsWith('aws:')) this.fail(`tag key '${k}' uses the reserved prefix 'aws:'`);
      if (typeof value !== 'string' || value.length > 256) this.fail(`tag '${k}' must have a string value of at most 256 characters`);
    }
    return v as Record<string, string>;
  }
  errors(key: string): { ErrorCode?: string; ErrorMessage?: string; ErrorTimestamp?: number }[] | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every(isObj)) this.fail(`${key} must be a list of {ErrorCode, ErrorMessage, ErrorTimestamp}`);
    return v.map((e: Obj) => {
      if (e['ErrorCode'] !== undefined && typeof e['ErrorCode'] !== 'string') this.fail(`${key}[].ErrorCode must be a string`);
      if (e['ErrorMessage'] !== undefined && typeof e['ErrorMessage'] !== 'string') this.fail(`${key}[].ErrorMessage must be a string`);
      const out: { ErrorCode?: string; ErrorMessage?: string; ErrorTimestamp?: number } = {};
      if (e['ErrorCode'] !== undefined) out.ErrorCode = e['ErrorCode'] as string;
      if (e['ErrorMessage'] !== undefined) out.ErrorMessage = e['ErrorMessage'] as string;
      const at = this.time(`${key}[].ErrorTimestamp`, e['ErrorTimestamp']);
      if (at !== undefined) out.ErrorTimestamp = at;
      return out;
    });
  }
  stateChangeReason(codes: readonly string[] | null): { Code?: string; Message?: string } | undefined {
    const v = this.object('StateChangeReason');
    if (!v) return undefined;
    if (v['Code'] !== undefined && (typeof v['Code'] !== 'string' || (codes && !codes.includes(v['Code'])))) {
      this.fail(`StateChangeReason.Code must be one of ${(codes ?? []).join(', ')}`);
    }
    if (v['Message'] !== undefined && typeof v['Message'] !== 'string') this.fail('StateChangeReason.Message must be a string');
    return { ...(v['Code'] !== undefined ? { Code: v['Code'] as string } : {}), ...(v['Message'] !== undefined ? { Message: v['Message'] as string } : {}) };
  }
}

/** Drops undefined members (docs are stored as JSON). */
export function compact<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined) delete o[key];
  return o;
}


/** `images[3] ("name")`: how an entry is named in errors (by its `nameKey` member: Name, UserName, ...). */
export function entryLabel(key: string, index: number, entry: unknown, nameKey = 'Name'): string {
  return `${key}[${index}]${isObj(entry) && typeof entry[nameKey] === 'string' ? ` ("${entry[nameKey]}")` : ''}`;
}

/** The reader of one entry, or a SeedError when it is not an object. */
export function entryReader(key: string, index: number, entry: unknown, nameKey = 'Name'): EntryReader {
  const label = entryLabel(key, index, entry, nameKey);
  if (!isObj(entry)) throw new SeedError(`${label}: must be an object`);
  return new EntryReader(label, entry);
}

/** An entry's AccountId and Region (required). */
export function entryPartition(r: EntryReader): { accountId: string; region: string } {
  return {
    accountId: r.string('AccountId', { required: true, re: ACCOUNT_RE, what: 'a 12-digit account id' })!,
    region: r.string('Region', { required: true, re: REGION_RE, what: 'a region like us-east-1' })!,
  };
}
