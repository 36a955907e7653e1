// Walking a whole catalogue page by page with a plain sequential keep-alive client (each page
// signed afresh, as its body carries the token): the cost of paging with nothing but HTTP in
// the way, the correctness of the walk (every image once, in order), and NextTokens taken at
// fixed points of the catalogue for the "deep page" measurements.
import { post } from './load.js';
import { apiRequest, decodeBody, type Protocol } from './sign.js';

export interface WalkResult {
  pages: number;
  items: number;
  seconds: number;
  msPerPage: number;
  /** ms per page over each tenth of the walk: flat when a page costs the same anywhere. */
  msPerPageByDecile: number[];
  inOrder: boolean;
  duplicates: number;
  /** Raw NextTokens that start the page at these fractions of the catalogue (0.25, 0.5, 0.75). */
  tokensAt: Record<string, string>;
  stoppedEarly: boolean;
}

export async function walkOurs(
  baseUrl: string,
  accessKeyId: string,
  expected: number,
  options: {
    protocol?: Protocol;
    maxPages?: number;
    startToken?: string;
    operation?: string;
    listMember?: string;
    /** The listed item's name member (`Name`). */
    nameMember?: string;
    /** Every request's members besides NextToken (`{ MaxResults: 25 }`). */
    input?: Record<string, unknown>;
  } = {},
): Promise<WalkResult> {
  const protocol = options.protocol ?? 'json';
  const operation = options.operation ?? 'DescribeImages';
  const listMember = options.listMember ?? 'Images';
  const nameMember = options.nameMember ?? 'Name';
  const totalPages = Math.max(1, Math.ceil(expected / 25));
  const checkpoints = new Map([0.25, 0.5, 0.75].map((f) => [Math.floor(totalPages * f), String(f)]));
  const tokensAt: Record<string, string> = {};
  const decileMarks: number[] = [];
  let token: string | undefined = options.startToken;
  let pages = 0;
  let items = 0;
  let last = '';
  let inOrder = true;
  let duplicates = 0;
  const started = performance.now();
  for (;;) {
    const input: Record<string, unknown> = { ...(options.input ?? { MaxResults: 25 }) };
    if (token) input['NextToken'] = token;
    const request = await apiRequest(baseUrl, protocol, operation, input, accessKeyId);
    const res = await post(baseUrl, request);
    if (res.status !== 200) throw new Error(`walk: page ${pages + 1} answered ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
    const out = decodeBody(protocol, res.body) as Record<string, Record<string, string>[] | string | undefined> & { NextToken?: string };
    pages++;
    for (const item of (out[listMember] as Record<string, string>[] | undefined) ?? []) {
      const name = item[nameMember]!;
      if (name === last) duplicates++;
      else if (name < last) inOrder = false;
      last = name;
      items++;
    }
    if (pages % Math.max(1, Math.floor(totalPages / 10)) === 0) decileMarks.push(performance.now());
    token = out.NextToken;
    if (!token) break;
    const mark = checkpoints.get(pages);
    if (mark) tokensAt[mark] = token;
    if (options.maxPages && pages >= options.maxPages) break;
  }
  const ms = performance.now() - started;
  const perDecile: number[] = [];
  const step = Math.max(1, Math.floor(totalPages / 10));
  let prev = started;
  for (const t of decileMarks.slice(0, 10)) {
    perDecile.push(Math.round(((t - prev) / step) * 1000) / 1000);
    prev = t;
  }
  return {
    pages,
    items,
    seconds: Math.round(ms) / 1000,
    msPerPage: Math.round((ms / pages) * 1000) / 1000,
    msPerPageByDecile: perDecile,
    inOrder,
    duplicates,
    tokensAt,
    stoppedEarly: Boolean(token),
  };
}

export interface SampledWalk {
  mode: string;
  segments: { from: string; pages: number; items: number; seconds: number; msPerPage: number; inOrder: boolean; firstName?: string }[];
  pages: number;
  seconds: number;
  msPerPage: number;
  extrapolatedSeconds: number;
}

/** `pagesEach` pages from the start and from each token: the per-page cost at several depths. */
export async function walkSampled(baseUrl: string, accessKeyId: string, expected: number, starts: { from: string; token?: string }[], pagesEach: number): Promise<SampledWalk> {
  const segments: SampledWalk['segments'] = [];
  for (const s of starts) {
    const w = await walkOurs(baseUrl, accessKeyId, expected, { maxPages: pagesEach, startToken: s.token });
    segments.push({ from: s.from, pages: w.pages, items: w.items, seconds: w.seconds, msPerPage: w.msPerPage, inOrder: w.inOrder && w.duplicates === 0 });
  }
  const pages = segments.reduce((a, s) => a + s.pages, 0);
  const seconds = segments.reduce((a, s) => a + s.seconds, 0);
  const msPerPage = Math.round((seconds * 1000 * 1000) / pages) / 1000;
  const totalPages = Math.ceil(expected / 25);
  return {
    mode: `sampled: ${pagesEach} pages from each of ${starts.map((s) => s.from).join(', ')}, extrapolated to ${totalPages} pages`,
    segments,
    pages,
    seconds: Math.round(seconds * 1000) / 1000,
    msPerPage,
    extrapolatedSeconds: Math.round((msPerPage * totalPages) / 100) / 10,
  };
}
