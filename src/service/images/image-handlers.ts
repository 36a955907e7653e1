// The image group's read operation: DescribeImages (SPEC §3), the hot path of the service.
//
// What a caller (account A, region R) sees is the merge of three sorted sources, each read a
// page at a time after the cursor (name, arn):
//   PUBLIC  - AWS's catalogue for R, in memory (a few dozen images);
//   PRIVATE - A's images in R, by primary key (account_id, region, name);
//   SHARED  - images shared with A in R, by the image_permissions_by_grantee index, joined to
//             their images by primary key.
// Each source yields at most limit+1 items after the cursor; the merge keeps the first limit
// and knows whether more follow. A page costs the same at a thousand images as at a million.
import { imageNotFound, namesAndArnsTogether } from '../../errors/messages.js';
import { findPublicImage, findPublicImageByArn, publicImageArn, publicImages } from '../../catalog/public-images.js';
import type { DescribeImagesRequest, DescribeImagesResult, Image } from '../../generated/shapes.js';
import { getImage, imageTable, withShared } from '../../store/images-repo.js';
import { getImagesSharedWith, pageImagesSharedWith, pageOwnedAndShared, type SharedImageRow } from '../../store/permissions-repo.js';
import { imageArn, parseAppStreamArn, partitionOf } from '../arns.js';
import type { CallContext } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import { compareKeys, type Cursor } from '../pagination/paginator.js';
import { page } from '../pagination/page.js';
import type { ServiceDeps } from '../service-deps.js';
import { ReadCache } from '../read-cache.js';
import { readDataVersion } from '../../store/data-version.js';
import type { ClockReading } from '../../store/meta-repo.js';
import { viewImage } from './image-view.js';
import { ViewMemo } from '../resources/view-memo.js';

/** The owner's views of its images, kept per row version (resources/view-memo.ts). */
const ownerViews = new ViewMemo(imageTable, 'PRIVATE', (record, nowMs) => viewImage(withShared(record), nowMs));


type Kind = 'PUBLIC' | 'PRIVATE' | 'SHARED';

/**
 * What a kept DescribeImages answer holds: its image objects (~2 KB each with their strings,
 * arrays and Dates) and their encodings (~1 KB per protocol that asked). An estimate that errs
 * high, so the cache's budget is a ceiling.
 */
function estimatedAnswerBytes(result: DescribeImagesResult): number {
  return 1024 + (result.Images?.length ?? 0) * 4096;
}

/** States that no schedule leaves without a write (every transition ends in one of them). */
const SETTLED_STATES: ReadonlySet<string> = new Set(['AVAILABLE', 'FAILED']);

/** The message AWS uses for an image the caller cannot see (src/errors/messages.ts). */
export { imageNotFound };

/**
 * DECISION (SPEC §3): images are ordered by Name, then Arn, compared byte-wise (code points);
 * for one name the ARNs differ only in the account field, so a lower owner comes first and the
 * public ARN (empty account, ':' sorts above every digit) comes last.
 */
const keyOf = (image: Image): Cursor => [image.Name, image.Arn ?? ''];
/** compareKeys(keyOf(a), keyOf(b)) without building the keys. */
const byKey = (a: Image, b: Image): number => {
  if (a.Name !== b.Name) return a.Name! < b.Name! ? -1 : 1;
  const x = a.Arn ?? '';
  const y = b.Arn ?? '';
  return x === y ? 0 : x < y ? -1 : 1;
};
const isAfter = (image: Image, cursor: Cursor | null) => cursor === null || compareKeys(keyOf(image), cursor) > 0;

function sharedView(row: SharedImageRow, nowMs: number): Image {
  return viewImage(row.image, nowMs, {
    visibility: 'SHARED',
    permissions: { allowFleet: row.permission.allowFleet, allowImageBuilder: row.permission.allowImageBuilder },
  });
}

/** What a token holds for an image: its Name and its Arn's account field. */
const tokenCursor = (image: Image): Cursor => [image.Name, arnAccount(image.Arn ?? '')];

/** The 12-digit account field of an image ARN ('' for a public image). */
function arnAccount(arn: string): string {
  // arn:<partition>:appstream:<region>:<account>:image/<name> (built by this service: well-formed).
  return arn.split(':', 5)[4] ?? '';
}

export function imageHandlers(deps: ServiceDeps): { DescribeImages: Handler<'DescribeImages'> } {
  const { db, clock, settings } = deps;

  /**
   * A page of the plain listing (no Names/Arns) after `cursor`, at `at`: the emulated now, or a
   * clock reading that the store's query resolves. The owner's and the shared source are read
   * in one statement; where they cannot be (one of them only, or the cursor case below), one
   * after the other, the second at the time the first read: all sources use one now.
   */
  async function listPage(ctx: CallContext, kinds: ReadonlySet<Kind>, cursor: Cursor | null, limit: number, at: number | ClockReading): Promise<Image[]> {
    const { accountId, region } = ctx;
    const fetch = limit + 1;
    const sources: Image[][] = [];
    let nowMs = typeof at === 'number' ? at : undefined;
    const now = async () => (nowMs ??= await clock.now());

    if (kinds.has('PUBLIC') && settings.publicImages) {
      const all = publicImages(region);
      const page: Image[] = [];
      for (const image of all) {
        if (!isAfter(image, cursor)) continue;
        page.push(image);
        if (page.length >= fetch) break;
      }
      sources.push(page);
    }

    // Where the shared source starts: shared ARNs of one name differ only in the 12-digit
    // owner; a public ARN of that name (empty account) sorts after all of them ('~' is above
    // every digit).
    let sharedAfter: { name: string; owner: string } | null = null;
    if (cursor !== null) {
      const owner = arnAccount(cursor[1]!);
      sharedAfter = { name: cursor[0]!, owner: owner === '' ? '~' : owner };
    }
    // Within (A, R) a name has one ARN. When the cursor sits on another image of the same name
    // whose ARN sorts before A's (a shared image of a lower-numbered owner), A's image of that
    // name still follows it: it is read by key, then the names after.
    const sameName = kinds.has('PRIVATE') && cursor !== null && imageArn(region, accountId, cursor[0]!) > cursor[1]!;
    const ownQuery = { after: cursor === null ? null : cursor[0]!, limit: fetch };

    if (kinds.has('PRIVATE') && kinds.has('SHARED') && nowMs === undefined && !sameName) {
      // Both sources in one statement, read at the now it reads (one round trip, not two).
      const both = await pageOwnedAndShared(db, accountId, region, at as ClockReading, ownQuery, sharedAfter, fetch);
      nowMs = both.nowMs;
      sources.push(await ownerViews.viewKeys(db, { accountId, region }, both.own, nowMs!));
      sources.push(both.shared.map((row) => sharedView(row, nowMs!)));
    } else {
      if (kinds.has('PRIVATE')) {
        const out: Image[] = [];
        if (sameName) {
          const time = await now();
          const same = await getImage(db, accountId, region, cursor![0]!, time);
          if (same) out.push(viewImage(same, time));
        }
        const owned = await ownerViews.page(db, { accountId, region }, nowMs ?? at, ownQuery);
        nowMs ??= owned.nowMs;
        out.push(...owned.views);
        sources.push(out);
      }
      if (kinds.has('SHARED')) {
        const time = await now();
        const rows = await pageImagesSharedWith(db, accountId, region, sharedAfter, fetch, time);
        sources.push(rows.map((row) => sharedView(row, time)));
      }
    }

    const filled = sources.filter((source) => source.length > 0);
    // Each source is sorted already: with one of them holding images, that is the page.
    if (filled.length <= 1) return (filled[0] ?? []).slice(0, fetch);
    const merged = filled.flat();
    merged.sort(byKey);
    return merged.slice(0, fetch);
  }

  /** Every image named in `names` that the caller sees (PUBLIC and PRIVATE only), sorted. */
  async function byNames(ctx: CallContext, kinds: ReadonlySet<Kind>, names: readonly string[], nowMs: number): Promise<Image[]> {
    const { accountId, region } = ctx;
    const unique = [...new Set(names)];
    const found: Image[] = [];
    const seen = new Set<string>();
    if (kinds.has('PUBLIC') && settings.publicImages) {
      for (const name of unique) {
        const hit = findPublicImage(region, name);
        if (hit?.image) {
          found.push(hit.image);
          seen.add(name);
        }
      }
    }
    if (kinds.has('PRIVATE')) {
      for (let i = 0; i < unique.length; i += 500) {
        const batch = unique.slice(i, i + 500);
        for (const image of (await ownerViews.page(db, { accountId, region }, nowMs, { names: batch, after: null, limit: batch.length })).views) {
          found.push(image);
          seen.add(image.Name!);
        }
      }
    }
    // DECISION (SPEC §3): the error names the first missing name in the order the request gives them.
    const missing = names.find((n) => !seen.has(n));
    if (missing !== undefined) throw imageNotFound(missing, accountId);
    return found.sort(byKey);
  }

  /** Every image named in `arns` that the caller sees, sorted. */
  async function byArns(ctx: CallContext, kinds: ReadonlySet<Kind>, arns: readonly string[], nowMs: number): Promise<Image[]> {
    const { accountId, region } = ctx;
    const found = new Map<string, Image>();
    const privateNames: string[] = [];
    const sharedKeys: { owner: string; name: string }[] = [];
    for (const arn of new Set(arns)) {
      const parsed = parseAppStreamArn(arn);
      if (!parsed || parsed.resourceType !== 'image' || parsed.region !== region || parsed.partition !== partitionOf(region)) continue;
      if (parsed.accountId === '') {
        if (kinds.has('PUBLIC') && settings.publicImages) {
          const hit = findPublicImageByArn(region, arn);
          if (hit?.image) found.set(arn, hit.image);
        }
      } else if (parsed.accountId === accountId) {
        if (kinds.has('PRIVATE')) privateNames.push(parsed.name);
      } else if (kinds.has('SHARED')) {
        sharedKeys.push({ owner: parsed.accountId, name: parsed.name });
      }
    }
    for (let i = 0; i < privateNames.length; i += 500) {
      const batch = privateNames.slice(i, i + 500);
      for (const image of (await ownerViews.page(db, { accountId, region }, nowMs, { names: batch, after: null, limit: batch.length })).views) {
        found.set(image.Arn!, image);
      }
    }
    if (sharedKeys.length > 0) {
      for (const row of await getImagesSharedWith(db, accountId, region, sharedKeys, nowMs)) {
        const image = sharedView(row, nowMs);
        found.set(image.Arn!, image);
      }
    }
    const missing = arns.find((a) => !found.has(a));
    if (missing !== undefined) {
      // DECISION (SPEC §3): an ARN is named by its image name in the message, as AWS names images,
      // and by the account the ARN names (issue 17); the caller's when it names none (public).
      const parsed = parseAppStreamArn(missing);
      const name = parsed?.name ?? missing.slice(missing.lastIndexOf('/') + 1);
      throw imageNotFound(name, parsed?.accountId || accountId);
    }
    return [...found.values()].sort(byKey);
  }

  /**
   * Answers by (caller, input), valid while the store's data version is unchanged. A page is
   * kept only when every image on it (and the one after it, which decides NextToken) is in a
   * settled state: then only a write can change the answer, and every write moves the version.
   */
  const answers = new ReadCache<DescribeImagesResult>(estimatedAnswerBytes, undefined, true);

  async function describeImages(input: DescribeImagesRequest, ctx: CallContext): Promise<DescribeImagesResult> {
    if (!settings.readCache) return (await computeDescribeImages(input, ctx)).result;
    // Only the modeled members: unknown ones are ignored, and may be anything (a BigInt, a
    // 100,000-deep array) that has no business in a key.
    const cacheKey = JSON.stringify([ctx.accountId, ctx.region, input.Names, input.Arns, input.Type, input.NextToken, input.MaxResults]);
    const version = await readDataVersion(db);
    const cached = answers.get(cacheKey, version);
    if (cached) return cached;
    const { result, settled } = await computeDescribeImages(input, ctx);
    if (settled) answers.set(cacheKey, version, result);
    return result;
  }

  async function computeDescribeImages(input: DescribeImagesRequest, ctx: CallContext): Promise<{ result: DescribeImagesResult; settled: boolean }> {
    const names = input.Names ?? [];
    const arns = input.Arns ?? [];
    if (names.length > 0 && arns.length > 0) {
      // DECISION (SPEC §3): Names and Arns together are a parameter combination AWS rejects.
      throw namesAndArnsTogether();
    }
    const kinds: ReadonlySet<Kind> = new Set<Kind>(input.Type ? [input.Type] : ['PUBLIC', 'PRIVATE', 'SHARED']);
    let candidates: Image[] = [];
    const { items: images, NextToken } = await page(deps.tokenSecret, 'DescribeImages', ctx, input, {
      filters: { Type: input.Type, Names: names, Arns: arns },
      // The token holds (Name, account field of the Arn): the Arn follows from them and the region.
      keyLength: 2,
      async fetch(token, fetch) {
        const [name, account] = token ?? [];
        const cursor: Cursor | null =
          token === null ? null : [name!, account === '' ? publicImageArn(ctx.region, name!) : imageArn(ctx.region, account!, name!)];
        if (names.length > 0) candidates = (await byNames(ctx, kinds, names, await clock.now())).filter((i) => isAfter(i, cursor)).slice(0, fetch);
        else if (arns.length > 0) candidates = (await byArns(ctx, kinds, arns, await clock.now())).filter((i) => isAfter(i, cursor)).slice(0, fetch);
        // A clock reading: the page resolves the emulated now with its keys (ResourceRepo.pageKeys).
        else candidates = await listPage(ctx, kinds, cursor, fetch - 1, clock.reading());
        return candidates;
      },
      key: tokenCursor,
    });
    const result: DescribeImagesResult = { Images: images };
    // NextToken only when more follow: absent (never "") on the last page.
    if (NextToken !== undefined) result.NextToken = NextToken;
    return { result, settled: candidates.every((image) => SETTLED_STATES.has(image.State!)) };
  }

  return { DescribeImages: describeImages };
}
