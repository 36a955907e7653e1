// Every message text of the stacks family, in one place. AWS's own texts are quoted from
// SPEC-rest with their source; the rest are decisions (SPEC-rest §15.6 for not-found and
// already-exists, the others marked one by one).

/** SPEC-rest §2.5 / §15.6 (decision). */
export const stackNotFound = (name: string) => `The stack ${name} does not exist.`;

/** SPEC-rest §15.6 (decision). */
export const stackExists = (name: string) => `Stack ${name} already exists.`;

/** SPEC-rest §1.7 / §15.6 (decision); the fleets family answers the same. */
export const fleetNotFound = (name: string) => `The fleet ${name} does not exist.`;

/** AWS's text [E: TF #25354, #22625] (SPEC-rest §2.5). */
export const stackHasFleets = (name: string) =>
  `Cannot delete stack ${name}. This stack has fleets associated with it. Only stacks with no fleets associated with it can be deleted.`;

/** DECISION: the stack quota's text mirrors the image quota's. */
export const stackQuota = (limit: number, accountId: string, region: string) =>
  `The maximum number of stacks (${limit}) for account ${accountId} in ${region} has been reached.`;

/** SPEC-rest §3 (text and code: decision, §15.10). */
export const stackAlreadyHasFleet = (stack: string) => `The stack ${stack} already has a fleet associated with it.`;

/** DECISION: the text of DisassociateFleet for a pair that is not associated (SPEC-rest §15.8's form). */
export const notAssociated = (fleet: string, stack: string) => `The fleet ${fleet} is not associated with the stack ${stack}.`;

/**
 * DECISION (SPEC-rest §2.4, §3): Windows-only stack features (GOOGLE_DRIVE and ONE_DRIVE
 * connectors, application settings persistence) with a Linux fleet.
 */
export const windowsOnly = (stack: string, fleet: string, platform: string, features: readonly string[]) =>
  `The stack ${stack} uses ${features.join(', ')}, which ${features.length === 1 ? 'is' : 'are'} supported on Windows fleets only; fleet ${fleet} has platform ${platform}.`;

// ---- input rules (SPEC-rest §2.3; DECISION: texts) -----------------------------------------

export const maxLengthOnlyClipboard = (action: string) =>
  `MaximumLength is supported only for CLIPBOARD_COPY_FROM_LOCAL_DEVICE and CLIPBOARD_COPY_TO_LOCAL_DEVICE, not for ${action}.`;
export const maxLengthWhenDisabled = (action: string) => `MaximumLength cannot be set for ${action} when its Permission is DISABLED.`;
export const maxLengthRange = (action: string, min: number, max: number) => `MaximumLength for ${action} must be between ${min} and ${max}.`;
export const duplicateAction = (action: string) => `UserSettings sets the action ${action} more than once.`;
export const duplicateConnector = (type: string) => `A stack can have at most one storage connector of type ${type}.`;
export const adminConsentOnlyOneDrive = (type: string) => `DomainsRequireAdminConsent is supported only for ONE_DRIVE storage connectors, not for ${type}.`;
export const screenshotsNeedBucket = () => 'AgentAccessConfig.S3BucketArn is required when ScreenshotsUploadEnabled is true.';
export const agentAccessIncomplete = (missing: readonly string[]) => `AgentAccessConfig requires ${missing.join(', ')}.`;
export const duplicateAgentAction = (action: string) => `AgentAccessConfig.Settings sets the agent action ${action} more than once.`;
/** DECISION: setting a member and deleting it in one request is a contradiction (as for UpdateFleet, SPEC-rest §1.6). */
export const setAndDeleted = (member: string, attribute: string) => `${member} cannot be set when AttributesToDelete includes ${attribute}.`;

// ---- themes (SPEC-rest §8.2; DECISION: texts) -----------------------------------------------

export const themeNotFound = (stack: string) => `The theme for stack ${stack} does not exist.`;
export const themeExists = (stack: string) => `The theme for stack ${stack} already exists.`;
/** At most 3 footer links [DG:branding]. */
export const tooManyFooterLinks = (max: number, given: number) => `A theme can have at most ${max} footer links; ${given} were given.`;
