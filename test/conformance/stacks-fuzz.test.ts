// Bad input never breaks the stacks family: random well-typed inputs of its 12 operations (the
// model's shapes, any values) answer 200 or one of the operation's modeled errors, never a 500
// or an error the model does not list; inputs aimed at existing stacks and themes reach the
// update paths. Both protocols.
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { RunningServer } from '../../src/index.js';
import { encodeBody, inputArb, type Protocol } from '../support/fuzz.js';
import { OWNER, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';
import { checkAnswer, signedCall } from '../reliability/support/wire.js';

const R = 'us-east-1';
const OPERATIONS = [
  'CreateStack',
  'DescribeStacks',
  'UpdateStack',
  'DeleteStack',
  'AssociateFleet',
  'DisassociateFleet',
  'ListAssociatedFleets',
  'ListAssociatedStacks',
  'CreateThemeForStack',
  'DescribeThemeForStack',
  'UpdateThemeForStack',
  'DeleteThemeForStack',
];
/** Members naming a stack or a fleet, pointed at existing ones so that the handlers go past "not found". */
const AIM: Record<string, Record<string, string[]>> = {
  UpdateStack: { Name: ['target', 'linux-stack'] },
  AssociateFleet: { StackName: ['target', 'linux-stack'], FleetName: ['win', 'lin'] },
  DisassociateFleet: { StackName: ['target', 'linux-stack'], FleetName: ['win', 'lin'] },
  CreateThemeForStack: { StackName: ['target', 'plain'] },
  UpdateThemeForStack: { StackName: ['target'] },
  DescribeThemeForStack: { StackName: ['target'] },
  DeleteThemeForStack: { StackName: ['target'] },
  ListAssociatedFleets: { StackName: ['target'] },
  ListAssociatedStacks: { FleetName: ['win'] },
};
const CODES = ['SerializationException', 'ValidationException', '*modeled'];

const randomArb = fc.constantFrom(...OPERATIONS).chain((op) => inputArb(op).map((input) => ({ op, input })));
const aimedArb = fc.constantFrom(...Object.keys(AIM)).chain((op) =>
  fc.tuple(inputArb(op), ...Object.values(AIM[op]!).map((names) => fc.constantFrom(...names))).map(([input, ...names]) => ({
    op,
    input: { ...input, ...Object.fromEntries(Object.keys(AIM[op]!).map((k, i) => [k, names[i]])) },
  })),
);

describe('stacks: random well-typed inputs reach a modeled answer', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ quotas: { stacks: 100_000 } });
    await seedOk(server.url, {
      fleets: [
        { AccountId: OWNER, Region: R, Name: 'win', State: 'RUNNING' },
        { AccountId: OWNER, Region: R, Name: 'lin', State: 'RUNNING', Platform: 'AMAZON_LINUX2' },
      ],
      stacks: ['target', 'linux-stack', 'plain'].map((Name) => ({ AccountId: OWNER, Region: R, Name })),
      themes: [{ AccountId: OWNER, Region: R, StackName: 'target', TitleText: 't', ThemeStyling: 'RED', OrganizationLogoS3Location: { S3Bucket: 'abc' }, FaviconS3Location: { S3Bucket: 'abc' } }],
    });
  });
  after(() => server.close());

  for (const protocol of ['json', 'cbor'] as Protocol[]) {
    for (const [label, arb, runs] of [
      ['random', randomArb, 300],
      ['aimed at existing stacks, fleets and themes', aimedArb, 300],
    ] as const) {
      it(`${protocol}: ${label}`, async (t) => {
        const answers = new Map<string, number>();
        await fc.assert(
          fc.asyncProperty(arb, async ({ op, input }) => {
            const res = await signedCall(server.url, protocol, op, encodeBody(input, protocol));
            const code = checkAnswer(res, { protocol, op, codes: CODES, allowOk: true, what: `${op} ${JSON.stringify(input).slice(0, 300)}` });
            answers.set(code, (answers.get(code) ?? 0) + 1);
          }),
          { numRuns: runs, seed: 13 },
        );
        t.diagnostic([...answers].sort().map(([code, n]) => `${code} ${n}`).join(', '));
      });
    }
  }
});
