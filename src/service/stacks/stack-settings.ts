// What a stack stores, from CreateStack's and UpdateStack's input (SPEC-rest §2.2-§2.4): the
// defaults AWS fills in, the input rules the model cannot express, UpdateStack's merge and
// AttributesToDelete, and the Windows-only features that a Linux fleet refuses.
import { createHash } from 'node:crypto';
import { Action_VALUES } from '../../generated/enums.js';
import type {
  AgentAccessConfig,
  ApplicationSettings,
  ApplicationSettingsResponse,
  CreateStackRequest,
  StackAttribute,
  StorageConnector,
  UpdateStackRequest,
  UserSetting,
} from '../../generated/shapes.js';
import type { Partition } from '../../store/resource-repo.js';
import { partitionOf } from '../arns.js';
import type { StackDoc } from './stack-store.js';
import * as M from '../../errors/messages.js';

/**
 * The error of a broken input rule: the operation's InvalidParameterCombinationException (both
 * CreateStack and UpdateStack list it), or the seed's SeedError.
 */
export type Refuse = (message: string) => Error;

const CLIPBOARD_ACTIONS: readonly string[] = ['CLIPBOARD_COPY_FROM_LOCAL_DEVICE', 'CLIPBOARD_COPY_TO_LOCAL_DEVICE'];
/** MaximumLength of the clipboard actions, in characters [Md UserSetting]. */
export const CLIPBOARD_MAX_LENGTH = { min: 1, max: 20_971_520 } as const;

/**
 * SPEC-rest §2.2: every Action of the model, ENABLED, in the model's order. DECISION (§15.18):
 * DOMAIN_SMART_CARD_SIGNIN is ENABLED too, and MaximumLength is omitted unless set.
 */
export function defaultUserSettings(): UserSetting[] {
  return Action_VALUES.map((Action) => ({ Action, Permission: 'ENABLED' as const }));
}

/**
 * `given` applied over `current` (SPEC-rest §2.2: set values override, the rest stay), in the
 * model's Action order. Refuses MaximumLength outside the clipboard actions, with DISABLED or
 * out of 1..20971520, and an action given twice (DECISION).
 */
export function mergeUserSettings(current: readonly UserSetting[], given: readonly UserSetting[] | undefined, refuse: Refuse): UserSetting[] {
  const byAction = new Map(current.map((s) => [s.Action, s]));
  const seen = new Set<string>();
  for (const s of given ?? []) {
    if (seen.has(s.Action)) throw refuse(M.userSettingDuplicateText(s.Action));
    seen.add(s.Action);
    if (s.MaximumLength !== undefined) {
      if (!CLIPBOARD_ACTIONS.includes(s.Action)) throw refuse(M.userSettingMaxLengthOnlyClipboardText(s.Action));
      if (s.Permission === 'DISABLED') throw refuse(M.userSettingMaxLengthDisabledText(s.Action));
      if (!(s.MaximumLength >= CLIPBOARD_MAX_LENGTH.min && s.MaximumLength <= CLIPBOARD_MAX_LENGTH.max)) {
        throw refuse(M.userSettingMaxLengthRangeText(s.Action, CLIPBOARD_MAX_LENGTH.min, CLIPBOARD_MAX_LENGTH.max));
      }
    }
    byAction.set(s.Action, { Action: s.Action, Permission: s.Permission, ...(s.MaximumLength !== undefined ? { MaximumLength: s.MaximumLength } : {}) });
  }
  return Action_VALUES.flatMap((a) => (byAction.has(a) ? [byAction.get(a)!] : []));
}

/**
 * DECISION (SPEC-rest §15.19): the application-settings bucket of an account and region,
 * `appstream-app-settings-<region>-<account>-<suffix>` [DG naming], with a suffix derived from
 * the account and region (AWS's is random but fixed per account and region).
 */
export function appSettingsBucket(part: Partition): string {
  const suffix = createHash('sha256').update(`${part.accountId}/${part.region}`).digest('hex').slice(0, 10);
  return `appstream-app-settings-${part.region}-${part.accountId}-${suffix}`;
}

/**
 * SPEC-rest §2.3: enabled without a group, the group is the stack's name (DECISION), or the
 * group it already had; disabled clears the group (TF expects "" after disabling).
 */
export function applicationSettings(
  given: ApplicationSettings,
  current: ApplicationSettingsResponse | undefined,
  stackName: string,
  part: Partition,
): ApplicationSettingsResponse {
  if (!given.Enabled) return { Enabled: false };
  const group = given.SettingsGroup || (current?.Enabled ? current.SettingsGroup : undefined) || stackName;
  return { Enabled: true, SettingsGroup: group, S3BucketName: appSettingsBucket(part) };
}

/**
 * DECISION (SPEC-rest §15.19): the home-folders bucket ARN, from the bucket name of
 * [DG:home-folders] `appstream2-36fb080bb8-<region>-<account>`.
 */
export function homeFoldersBucketArn(part: Partition): string {
  return `arn:${partitionOf(part.region)}:s3:::appstream2-36fb080bb8-${part.region}-${part.accountId}`;
}

/**
 * SPEC-rest §2.3: at most one connector of each type (DECISION), DomainsRequireAdminConsent
 * only on ONE_DRIVE [Md]; HOMEFOLDERS without a ResourceIdentifier gets the account's bucket.
 */
export function storageConnectors(given: readonly StorageConnector[], part: Partition, refuse: Refuse): StorageConnector[] {
  const seen = new Set<string>();
  return given.map((c) => {
    if (seen.has(c.ConnectorType)) throw refuse(M.storageConnectorDuplicateText(c.ConnectorType));
    seen.add(c.ConnectorType);
    if (c.DomainsRequireAdminConsent !== undefined && c.ConnectorType !== 'ONE_DRIVE') throw refuse(M.storageConnectorAdminConsentText(c.ConnectorType));
    const out: StorageConnector = { ...c };
    if (c.ConnectorType === 'HOMEFOLDERS' && out.ResourceIdentifier === undefined) out.ResourceIdentifier = homeFoldersBucketArn(part);
    return out;
  });
}

/**
 * A complete AgentAccessConfig (SPEC-rest §2.3): Settings, ScreenResolution and
 * ScreenImageFormat present (the model requires them on create; an update merges into the
 * stored one), no agent action twice (DECISION), S3BucketArn when screenshots upload [Md].
 */
export function agentAccessConfig(config: Partial<AgentAccessConfig>, refuse: Refuse): AgentAccessConfig {
  const missing = (['Settings', 'ScreenResolution', 'ScreenImageFormat'] as const).filter((k) => config[k] === undefined);
  if (missing.length > 0) throw refuse(M.agentAccessIncompleteText(missing));
  const seen = new Set<string>();
  for (const s of config.Settings!) {
    if (seen.has(s.AgentAction)) throw refuse(M.agentActionDuplicateText(s.AgentAction));
    seen.add(s.AgentAction);
  }
  if (config.ScreenshotsUploadEnabled && config.S3BucketArn === undefined) throw refuse(M.agentAccessNeedsBucketText());
  return config as AgentAccessConfig;
}

/** Drops undefined members (docs are stored as JSON, absent members are omitted on the wire). */
function compact<O extends object>(o: O): O {
  for (const key of Object.keys(o) as (keyof O)[]) if (o[key] === undefined) delete o[key];
  return o;
}

/** An empty text removes an optional text member (DECISION: Terraform sends "" for a removed description or URL). */
const text = (value: string | undefined) => (value === '' ? undefined : value);

/** The stored document of a new stack (SPEC-rest §2.2, §2.3). */
export function newStackDoc(input: Omit<CreateStackRequest, 'Name' | 'Tags'>, name: string, part: Partition, refuse: Refuse): StackDoc {
  return compact<StackDoc>({
    Description: text(input.Description),
    DisplayName: text(input.DisplayName),
    StorageConnectors: input.StorageConnectors?.length ? storageConnectors(input.StorageConnectors, part, refuse) : undefined,
    RedirectURL: text(input.RedirectURL),
    FeedbackURL: text(input.FeedbackURL),
    UserSettings: mergeUserSettings(defaultUserSettings(), input.UserSettings, refuse),
    ApplicationSettings: input.ApplicationSettings ? applicationSettings(input.ApplicationSettings, undefined, name, part) : { Enabled: false },
    AccessEndpoints: input.AccessEndpoints,
    EmbedHostDomains: input.EmbedHostDomains,
    StreamingExperienceSettings: input.StreamingExperienceSettings,
    ContentRedirection: input.ContentRedirection,
    AgentAccessConfig: input.AgentAccessConfig ? agentAccessConfig(input.AgentAccessConfig, refuse) : undefined,
  });
}

/** What each AttributesToDelete value removes (SPEC-rest §2.4), and the request member that sets it. */
const DELETES: Record<StackAttribute, { member?: keyof UpdateStackRequest; remove(doc: StackDoc): void }> = {
  STORAGE_CONNECTORS: { member: 'StorageConnectors', remove: (d) => delete d.StorageConnectors },
  STORAGE_CONNECTOR_HOMEFOLDERS: { remove: (d) => removeConnector(d, 'HOMEFOLDERS') },
  STORAGE_CONNECTOR_GOOGLE_DRIVE: { remove: (d) => removeConnector(d, 'GOOGLE_DRIVE') },
  STORAGE_CONNECTOR_ONE_DRIVE: { remove: (d) => removeConnector(d, 'ONE_DRIVE') },
  REDIRECT_URL: { member: 'RedirectURL', remove: (d) => delete d.RedirectURL },
  FEEDBACK_URL: { member: 'FeedbackURL', remove: (d) => delete d.FeedbackURL },
  EMBED_HOST_DOMAINS: { member: 'EmbedHostDomains', remove: (d) => delete d.EmbedHostDomains },
  ACCESS_ENDPOINTS: { member: 'AccessEndpoints', remove: (d) => delete d.AccessEndpoints },
  STREAMING_EXPERIENCE_SETTINGS: { member: 'StreamingExperienceSettings', remove: (d) => delete d.StreamingExperienceSettings },
  CONTENT_REDIRECTION: { member: 'ContentRedirection', remove: (d) => delete d.ContentRedirection },
  AGENT_ACCESS_CONFIG: { member: 'AgentAccessConfig', remove: (d) => delete d.AgentAccessConfig },
  // DECISION (SPEC-rest §2.4): back to the defaults.
  USER_SETTINGS: { member: 'UserSettings', remove: (d) => (d.UserSettings = defaultUserSettings()) },
  // DECISION (SPEC-rest §2.4): stacks have neither member; nothing to remove.
  THEME_NAME: { remove: () => undefined },
  IAM_ROLE_ARN: { remove: () => undefined },
};

function removeConnector(doc: StackDoc, type: StorageConnector['ConnectorType']): void {
  const rest = (doc.StorageConnectors ?? []).filter((c) => c.ConnectorType !== type);
  if (rest.length > 0) doc.StorageConnectors = rest;
  else delete doc.StorageConnectors;
}

/**
 * The stored document after UpdateStack (SPEC-rest §2.4): only the members given change;
 * DeleteStorageConnectors and AttributesToDelete remove members; a member both set and
 * deleted in one request is refused (DECISION).
 */
export function updatedStackDoc(current: StackDoc, input: UpdateStackRequest, part: Partition, refuse: Refuse): StackDoc {
  const doc: StackDoc = structuredClone(current);
  const deletes = [...new Set(input.AttributesToDelete ?? [])];
  const givenTypes = new Set((input.StorageConnectors ?? []).map((c) => c.ConnectorType));
  for (const attribute of deletes) {
    const { member } = DELETES[attribute];
    const conflict =
      attribute.startsWith('STORAGE_CONNECTOR_') ? givenTypes.has(attribute.slice('STORAGE_CONNECTOR_'.length) as StorageConnector['ConnectorType'])
      : attribute === 'STORAGE_CONNECTORS' ? givenTypes.size > 0
      : member !== undefined && input[member] !== undefined;
    if (conflict) throw refuse(M.setAndDeletedText(member ?? 'StorageConnectors', attribute));
  }
  if (input.DeleteStorageConnectors && givenTypes.size > 0) throw refuse(M.setAndFlaggedForDeletionText('StorageConnectors', 'DeleteStorageConnectors'));

  if (input.DisplayName !== undefined) doc.DisplayName = text(input.DisplayName);
  if (input.Description !== undefined) doc.Description = text(input.Description);
  if (input.RedirectURL !== undefined) doc.RedirectURL = text(input.RedirectURL);
  if (input.FeedbackURL !== undefined) doc.FeedbackURL = text(input.FeedbackURL);
  if (input.StorageConnectors !== undefined) {
    doc.StorageConnectors = input.StorageConnectors.length > 0 ? storageConnectors(input.StorageConnectors, part, refuse) : undefined;
  }
  if (input.DeleteStorageConnectors) delete doc.StorageConnectors;
  if (input.UserSettings !== undefined) doc.UserSettings = mergeUserSettings(doc.UserSettings ?? defaultUserSettings(), input.UserSettings, refuse);
  if (input.ApplicationSettings !== undefined) doc.ApplicationSettings = applicationSettings(input.ApplicationSettings, doc.ApplicationSettings, input.Name, part);
  if (input.AccessEndpoints !== undefined) doc.AccessEndpoints = input.AccessEndpoints;
  if (input.EmbedHostDomains !== undefined) doc.EmbedHostDomains = input.EmbedHostDomains;
  if (input.StreamingExperienceSettings !== undefined) doc.StreamingExperienceSettings = input.StreamingExperienceSettings;
  if (input.ContentRedirection !== undefined) doc.ContentRedirection = input.ContentRedirection;
  if (input.AgentAccessConfig !== undefined) {
    doc.AgentAccessConfig = agentAccessConfig({ ...doc.AgentAccessConfig, ...compact({ ...input.AgentAccessConfig }) }, refuse);
  }
  for (const attribute of deletes) DELETES[attribute].remove(doc);
  return compact(doc);
}

/**
 * The Windows-only features a stack uses (SPEC-rest §2.4, DECISION from [DG:set-up-stacks-fleets]):
 * GOOGLE_DRIVE and ONE_DRIVE connectors, and application settings persistence.
 */
export function windowsOnlyFeatures(doc: StackDoc): string[] {
  const out: string[] = [];
  for (const c of doc.StorageConnectors ?? []) if (c.ConnectorType !== 'HOMEFOLDERS') out.push(`the ${c.ConnectorType} storage connector`);
  if (doc.ApplicationSettings?.Enabled) out.push('application settings persistence');
  return out;
}

/** DECISION: a fleet's platform is Linux unless it is one of the WINDOWS* platforms (a fleet without one counts as Windows). */
export function isLinuxPlatform(platform: string | undefined): boolean {
  return platform !== undefined && !platform.startsWith('WINDOWS');
}
