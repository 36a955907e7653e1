// POST /_appstream/users/confirm {"AccountId", "Region", "UserName"}: a user pool user signs in
// and sets a password (SPEC-rest §4.3): its Status becomes CONFIRMED. Answers {"User": {...}}.
import { confirmUser } from '../service/users/confirm.js';
import { controlError } from './control-kit.js';
import type { ControlDeps, ControlRoute } from './control-types.js';

export function userPoolRoutes(deps: ControlDeps): ControlRoute[] {
  return [
    {
      method: 'POST',
      path: '/_appstream/users/confirm',
      async handle(request) {
        const body = request.json();
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw controlError('The body must be a JSON object: {"AccountId", "Region", "UserName"}.');
        const extra = Object.keys(body).filter((k) => !['AccountId', 'Region', 'UserName'].includes(k));
        if (extra.length > 0) throw controlError(`Unknown member '${extra[0]}' (confirm takes AccountId, Region, UserName).`);
        const { AccountId, Region, UserName } = body as Record<string, unknown>;
        if (typeof AccountId !== 'string' || !/^\d{12}$/.test(AccountId)) throw controlError('AccountId must be a 12-digit account id.');
        if (typeof Region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(Region)) throw controlError('Region must be a region like us-east-1.');
        if (typeof UserName !== 'string' || UserName.length === 0) throw controlError('UserName must be a user name.');
        const user = await confirmUser(deps.service, { accountId: AccountId, region: Region }, UserName);
        if (!user) throw controlError(`The user ${UserName} does not exist.`, 404, 'ResourceNotFoundException');
        return { body: { User: user } };
      },
    },
  ];
}
