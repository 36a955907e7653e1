// The control API's confirmation of a user pool user (SPEC-rest §4.3, §5.2): what the user does
// in AWS by signing in and setting a password. FORCE_CHANGE_PASSWORD (or any status) -> CONFIRMED.
import type { User } from '../../generated/shapes.js';
import type { Partition } from '../../store/resource-repo.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { USER_STATUS, userTable, viewUser } from './family.js';

/** Confirms user `userName` (exact case) of the partition; answers the user, or undefined when there is none. */
export function confirmUser(deps: ServiceDeps, part: Partition, userName: string): Promise<User | undefined> {
  return write(deps, part, async ({ tx, now }) => {
    const user = await userTable.get(tx, part, userName, now);
    if (!user) return undefined;
    if (user.doc.Status !== USER_STATUS.confirmed) {
      user.doc.Status = USER_STATUS.confirmed;
      await userTable.update(tx, user);
    }
    return viewUser(user);
  });
}
