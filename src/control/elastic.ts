// Control routes of the Elastic families (SPEC-rest §4.3, §7.3):
//   POST /_appstream/app-block-builders/finish-app-block {AccountId, Region, AppBlockBuilderName}
//        the builder (RUNNING) has packaged its APPSTREAM2 app block: the block becomes ACTIVE.
// (The page an app block builder's streaming URL opens is the console's: console/elastic-routes.ts.)
import { randomUUID } from 'node:crypto';
import { finishAppBlock } from '../service/app-block-builders/streaming.js';
import { controlError } from './control-kit.js';
import type { ControlDeps, ControlRoute } from './control-types.js';

export function elasticRoutes(deps: ControlDeps): ControlRoute[] {
  return [
    {
      method: 'POST',
      path: '/_appstream/app-block-builders/finish-app-block',
      async handle(request) {
        const raw = request.json();
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw controlError('The body must be a JSON object.');
        const body = raw as Record<string, unknown>;
        const extra = Object.keys(body).filter((k) => !['AccountId', 'Region', 'AppBlockBuilderName'].includes(k));
        if (extra.length > 0) throw controlError(`Unknown member '${extra[0]}' (finish-app-block takes AccountId, Region, AppBlockBuilderName).`);
        const { AccountId, Region, AppBlockBuilderName } = body;
        if (typeof AccountId !== 'string' || !/^\d{12}$/.test(AccountId)) throw controlError('AccountId must be a 12-digit account id.');
        if (typeof Region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(Region)) throw controlError(`Region '${String(Region)}' is not a region name (e.g. us-east-1).`);
        if (typeof AppBlockBuilderName !== 'string' || AppBlockBuilderName === '') throw controlError('AppBlockBuilderName is required.');
        const ctx = { accountId: AccountId, region: Region, requestId: randomUUID() };
        return { body: { AppBlock: await finishAppBlock(deps.service, ctx, AppBlockBuilderName) } };
      },
    },
  ];
}
