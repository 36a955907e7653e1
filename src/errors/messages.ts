// The texts of the modeled errors, one named builder each, beside the catalogue of codes
// (catalog.ts). Clients match on these texts (Terraform retries CreateImageBuilder and
// CreateFleet only when the message contains "encountered an error because your IAM role"),
// so AWS's own words are used wherever they are known, verbatim.
//
// Every builder says where its text comes from:
//   [AWS: ...]  AWS's text as quoted in SPEC.md / SPEC-rest.md or a public report; verbatim.
//   DECISION    no AWS text is public; the text is this server's and may change here only.
// Builders whose code depends on the operation (an operation may only answer the errors its
// model lists) return the text; the others return the error.
import { modeledError } from './catalog.js';
import { AwsError } from './aws-error.js';

// ---- images ---------------------------------------------------------------------------------

/**
 * [AWS: SPEC §3 "the form AWS uses"; TF #25875] ResourceNotFoundException for an image the
 * caller cannot see. `accountId` is the account the request names (the ARN's account when
 * the image was named by ARN), else the caller's.
 */
export function imageNotFound(name: string, accountId: string): AwsError {
  return modeledError('ResourceNotFoundException', `The image ${name} for account ${accountId} does not exist.`);
}

/** [AWS: SPEC §3, SPEC-rest §11; TF PR #32958] An image not AVAILABLE (e.g. DEPRECATED). Text only. */
export function imageNotAvailableText(name: string, state: string): string {
  return `The image ${name} is ${state}. The image must be in an AVAILABLE state for this action to succeed.`;
}

/** DECISION: DeleteImage of an image in a transitional state (text only; DeleteImage's code is OperationNotPermitted). */
export function imageNotDeletableText(name: string, state: string): string {
  return `The image ${name} is ${state}. The image must be in an AVAILABLE or FAILED state for this action to succeed.`;
}

/** DECISION: ResourceAlreadyExistsException for an image name in use. */
export function imageNameTaken(name: string): AwsError {
  return modeledError('ResourceAlreadyExistsException', `The image ${name} already exists.`);
}

/** DECISION: DeleteImage of an image shared with other accounts (ResourceInUseException). */
export function imageSharedInUse(name: string): AwsError {
  return modeledError('ResourceInUseException', `The image ${name} is shared with other accounts. Remove its image permissions before you delete it.`);
}

/** DECISION (SPEC-rest §11 gives the rule, not the text): DeleteImage of an image a fleet uses. */
export function imageInUseByFleet(name: string, fleet: string): AwsError {
  return modeledError('ResourceInUseException', `The image ${name} is in use by fleet ${fleet}. Update or delete the fleet before you delete the image.`);
}

/** DECISION (SPEC-rest §10 gives the rule, not the text): DeleteImage of an image an export image task is exporting. */
export function imageBeingExported(name: string, taskId: string): AwsError {
  return modeledError('ResourceInUseException', `The image ${name} is being exported by the export image task ${taskId}. Wait until the task completes, then try again.`);
}

/** DECISION: the image quota (LimitExceededException). */
export function imageQuotaReached(limit: number, accountId: string, region: string): AwsError {
  return modeledError('LimitExceededException', `The maximum number of images (${limit}) for account ${accountId} in ${region} has been reached.`);
}

/** DECISION: CreateUpdatedImage of an image already on the newest agent (IncompatibleImageException). */
export function imageAlreadyLatest(name: string, latestAgent: string): AwsError {
  return modeledError(
    'IncompatibleImageException',
    `The image ${name} already uses the latest AppStream 2.0 agent (${latestAgent}); there is no update to apply.`,
  );
}

/** DECISION: CreateImageBuilder from an image with ImageBuilderSupported false. */
export function imageBuildersNotSupported(name: string): AwsError {
  return modeledError('IncompatibleImageException', `The image ${name} does not support image builders.`);
}

/** DECISION: CreateImageBuilder from a shared image granted without allowImageBuilder. */
export function imageNotSharedForBuilders(name: string, accountId: string): AwsError {
  return modeledError('OperationNotPermittedException', `The image ${name} is not shared with account ${accountId} for use with image builders.`);
}

/** DECISION (SPEC-rest §11): CreateFleet from a shared image granted without allowFleet. */
export function imageNotSharedForFleets(arn: string): AwsError {
  return modeledError('OperationNotPermittedException', `You do not have permission to create a fleet from image ${arn}.`);
}

/** DECISION (SPEC §3): DescribeImages with both Names and Arns. */
export function namesAndArnsTogether(): AwsError {
  return modeledError('InvalidParameterCombinationException', 'Names and Arns cannot both be specified.');
}

/** DECISION (SPEC §4): CreateImageBuilder without exactly one of ImageName / ImageArn. */
export function exactlyOneSourceImage(): AwsError {
  return modeledError('InvalidParameterCombinationException', 'Exactly one of ImageName or ImageArn must be specified.');
}

/** DECISION (SPEC §4): CreateImportedImage without exactly one of SourceAmiId / WorkspaceImageId. */
export function exactlyOneImportSource(): AwsError {
  return modeledError('InvalidParameterCombinationException', 'Exactly one of SourceAmiId or WorkspaceImageId must be specified.');
}

/** DECISION: EC2's DryRunOperation text (AppStream's own is not public); CreateImportedImage with DryRun true. */
export function dryRunWouldSucceed(): AwsError {
  return modeledError('DryRunOperationException', 'Request would have succeeded, but DryRun flag is set.');
}

// ---- image sharing --------------------------------------------------------------------------

/** DECISION: the per-image share quota (LimitExceededException). */
export function shareQuotaReached(name: string, quota: number): AwsError {
  return modeledError('LimitExceededException', `The image ${name} is already shared with the maximum number of accounts (${quota}).`);
}

/** DECISION: DeleteImagePermissions for an account the image is not shared with. */
export function shareNotFound(name: string, accountId: string): AwsError {
  return modeledError('ResourceNotFoundException', `The image ${name} is not shared with account ${accountId}.`);
}

// ---- image builders -------------------------------------------------------------------------

/** DECISION: the builder's "not found" text mirrors the image's (SPEC-rest §15.6 leaves it open). */
export function builderNotFound(name: string, accountId: string): AwsError {
  return modeledError('ResourceNotFoundException', `The image builder ${name} for account ${accountId} does not exist.`);
}

/** DECISION: ResourceAlreadyExistsException for a builder name in use. */
export function builderNameTaken(name: string): AwsError {
  return modeledError('ResourceAlreadyExistsException', `The image builder ${name} already exists.`);
}

/**
 * [AWS form: SPEC §4 "The image builder <name> is <STATE>. ..."] A builder in the wrong state;
 * the tail naming the states needed is a DECISION. Text only.
 */
export function builderWrongStateText(name: string, state: string, required: readonly string[]): string {
  const need = required.length === 1 ? `a ${required[0]} state` : `one of the states ${required.join(', ')}`;
  return `The image builder ${name} is ${state}. The image builder must be in ${need} for this action to succeed.`;
}

/** DECISION: the builder quota (LimitExceededException). */
export function builderQuotaReached(limit: number, accountId: string, region: string): AwsError {
  return modeledError('LimitExceededException', `The maximum number of image builders (${limit}) for account ${accountId} in ${region} has been reached.`);
}

/** DECISION ([Md] VpcConfig.SubnetIds: "Image builder instances use one subnet"): another count of subnets. */
export function builderNeedsOneSubnet(count: number): AwsError {
  return modeledError(
    'InvalidParameterCombinationException',
    `An image builder uses exactly one subnet; the VpcConfig specifies ${count}.`,
  );
}

// ---- instance types -------------------------------------------------------------------------

/**
 * [AWS: issue 17, as AWS answers for a type of another family] InvalidParameterCombinationException
 * (SPEC-rest §1.2, awslabs/aws-virtual-application-management #15). `imageFamily` is the
 * image's instance family.
 */
export function instanceFamilyMismatch(instanceType: string, imageFamily: string): AwsError {
  return modeledError(
    'InvalidParameterCombinationException',
    `The combination of instance type ${instanceType} and image instance family ${imageFamily} is not supported. Select an image that belongs to image instance family supported by this instance type.`,
  );
}

/** DECISION: an instance type AppStream does not offer (InvalidParameterCombinationException). */
export function instanceTypeUnknown(instanceType: string): AwsError {
  return modeledError('InvalidParameterCombinationException', `The instance type ${instanceType} is not supported by AppStream 2.0.`);
}

/** DECISION: a type AppStream offers, but not for this kind of resource (e.g. stream.standard.xlarge for an image builder). */
export function instanceTypeNotFor(instanceType: string, resource: string): AwsError {
  return modeledError('InvalidParameterCombinationException', `The instance type ${instanceType} is not available for ${resource}.`);
}

// ---- roles ----------------------------------------------------------------------------------

/**
 * [AWS: issue 17; SPEC-rest §0 and §14 (Terraform matches "encountered an error because your
 * IAM role")] InvalidRoleException, verbatim as quoted (no closing period in the quote).
 */
export function invalidRole(arn: string): AwsError {
  return modeledError('InvalidRoleException', `AppStream 2.0 encountered an error because your IAM role '${arn}' is invalid`);
}

// ---- ranges ---------------------------------------------------------------------------------

/**
 * A number as AWS's messages print it (Java's `Long.toString` for a whole number): every digit of
 * a double's exact value, where JS's `String()` stops at 17 significant digits past 2^53 (2^60 ->
 * "1152921504606847000"; here "1152921504606846976"). A bigint's digits are exact already.
 */
export function numberText(value: number | bigint): string {
  return typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value) ? BigInt(value).toString() : String(value);
}

/** DECISION (SPEC-rest §15.26: out of range is InvalidParameterCombination): a documented range the model does not carry. */
export function outOfRange(member: string, value: number, min: number, max: number): AwsError {
  return modeledError('InvalidParameterCombinationException', `The value ${numberText(value)} of ${member} is not valid. It must be between ${min} and ${max}.`);
}

/** DECISION: two entries of a list that [Md] documents as unique (e.g. AppCatalogConfig names). */
export function duplicateEntry(member: string, value: string): AwsError {
  return modeledError('InvalidParameterCombinationException', `${member} must be unique; ${value} is given more than once.`);
}

// ---- tags -----------------------------------------------------------------------------------

/** DECISION: a tag operation on an ARN the caller does not own (ResourceNotFoundException). */
export function taggedResourceNotFound(arn: string): AwsError {
  return modeledError('ResourceNotFoundException', `The resource ${arn} does not exist.`);
}

/** DECISION: more than the tags a resource may carry (LimitExceededException). */
export function tooManyTags(arn: string, limit: number): AwsError {
  return modeledError('LimitExceededException', `The resource ${arn} cannot have more than ${limit} tags.`);
}

// ---- fleets (SPEC-rest §1; for the fleet developers) -----------------------------------------

/** [AWS: TF #25354, #22625] DeleteFleet of a fleet associated with a stack (ResourceInUseException). */
export function fleetAssociatedWithStack(fleet: string): AwsError {
  return modeledError(
    'ResourceInUseException',
    `The fleet ${fleet} is associated with a stack. To delete the fleet, you must dissociate it from the stack.`,
  );
}

/**
 * [AWS: CFN roadmap #1017, for ACTIVE] UpdateFleet of an attribute that needs a stopped fleet
 * (ResourceInUseException). `internalState` is AWS's internal name: ACTIVE (sourced);
 * PENDING_ACTIVATE / PENDING_DEACTIVATE are a DECISION by analogy (SPEC-rest §15.5).
 */
export function fleetAttributeNeedsStop(fleet: string, internalState: string): AwsError {
  return modeledError(
    'ResourceInUseException',
    `Cannot update the attribute for fleet ${fleet} when it is ${internalState}. The fleet must be stopped to complete this action.`,
  );
}

/** DECISION (SPEC-rest §15.4, modelled on the UpdateFleet text): DeleteFleet of a fleet that is not stopped. */
export function fleetDeleteNeedsStop(fleet: string, internalState: string): AwsError {
  return modeledError(
    'ResourceInUseException',
    `Cannot delete fleet ${fleet} when it is ${internalState}. The fleet must be stopped to complete this action.`,
  );
}

/** DECISION (SPEC-rest §1.4): StartFleet while the fleet stops (ConcurrentModificationException). */
export function fleetStillStopping(fleet: string): AwsError {
  return modeledError('ConcurrentModificationException', `The fleet ${fleet} is PENDING_DEACTIVATE. Wait until it is stopped, then try again.`);
}

/** DECISION (SPEC-rest §1.6): UpdateFleet to an image of another platform while running. */
export function fleetImageIncompatible(image: string, fleet: string): AwsError {
  return modeledError('IncompatibleImageException', `The image ${image} is not compatible with fleet ${fleet}. To change the platform, stop the fleet first.`);
}

/** DECISION (SPEC-rest §4.1): CreateStreamingURL for a fleet that is not RUNNING. Text only. */
export function fleetNotRunningText(fleet: string, state: string): string {
  return `The fleet ${fleet} is ${state}. The fleet must be in a RUNNING state for this action to succeed.`;
}

/** DECISION (SPEC-rest §4.1, §15.8): a fleet not associated with the stack. Text only. */
export function fleetNotAssociatedText(fleet: string, stack: string): string {
  return `The fleet ${fleet} is not associated with the stack ${stack}.`;
}

/** DECISION (SPEC-rest §4.1): CreateStreamingURL for a fleet not associated with the stack. */
export function fleetNotAssociated(fleet: string, stack: string): AwsError {
  return modeledError('InvalidParameterCombinationException', fleetNotAssociatedText(fleet, stack));
}

/** DECISION (SPEC-rest §1.6: "Name missing → InvalidParameterCombination"): UpdateFleet without Name. */
export function fleetNameRequired(): AwsError {
  return modeledError('InvalidParameterCombinationException', 'Name is required: it names the fleet to update.');
}

/** DECISION: UpdateFleet with both ImageName and ImageArn. */
export function imageNameAndArnTogether(): AwsError {
  return modeledError('InvalidParameterCombinationException', 'Only one of ImageName or ImageArn can be specified.');
}

/** DECISION (SPEC-rest §1.2): a member that this fleet type does not take (`fleetKind`: "Elastic", "Always-On and On-Demand"). */
export function fleetMemberNotAllowed(member: string, fleetKind: string): AwsError {
  return modeledError('InvalidParameterCombinationException', `${member} is not allowed for ${fleetKind} fleets.`);
}

/** DECISION (SPEC-rest §1.2): a member that this fleet type needs. */
export function fleetMemberRequired(member: string, fleetKind: string): AwsError {
  return modeledError('InvalidParameterCombinationException', `${member} is required for ${fleetKind} fleets.`);
}

/** [AWS: API reference of ComputeCapacity, "can't define both ... or leave both blank"] */
export function desiredCapacityOneOf(): AwsError {
  return modeledError('InvalidParameterCombinationException', "ComputeCapacity: you can't define both DesiredInstances and DesiredSessions, or leave both blank.");
}

/** DECISION (SPEC-rest §1.2): the desired capacity of a multi-session fleet is in sessions, of the others in instances. */
export function desiredCapacityKind(multiSession: boolean): AwsError {
  return modeledError(
    'InvalidParameterCombinationException',
    multiSession
      ? 'A multi-session fleet (MaxSessionsPerInstance) takes DesiredSessions, not DesiredInstances.'
      : 'DesiredSessions applies to multi-session fleets only: set MaxSessionsPerInstance, or give DesiredInstances.',
  );
}

/** DECISION: a negative desired capacity. */
export function negativeCapacity(member: string): AwsError {
  return modeledError('InvalidParameterCombinationException', `ComputeCapacity.${member} must not be negative.`);
}

/** DECISION (SPEC-rest §15.26), as outOfRange: a range whose 0 means "off" (IdleDisconnectTimeoutInSeconds). */
export function outOfRangeOrZero(member: string, value: number, min: number, max: number): AwsError {
  return modeledError('InvalidParameterCombinationException', `The value ${numberText(value)} of ${member} is not valid. It must be 0 or between ${min} and ${max}.`);
}

/** DECISION (SPEC-rest §1.2): a Platform other than the image's. */
export function fleetPlatformMismatch(given: string, platform: string, image: string): AwsError {
  return modeledError('InvalidParameterCombinationException', `The platform ${given} does not match the platform ${platform} of the image ${image}.`);
}

/** DECISION (SPEC-rest §11): FleetErrors of a fleet started after its image went away (IMAGE_NOT_FOUND). */
export function fleetImageGoneText(image: string): string {
  return `The image ${image} does not exist or is no longer shared with this account for use with fleets.`;
}

/** DECISION: FleetErrors of a start failed on purpose, from its FleetErrorCode (SUBNET_NOT_FOUND -> "subnet not found"). */
export function fleetStartFailedText(code: string): string {
  return `The fleet could not start: ${code.toLowerCase().replace(/_/g, ' ')}.`;
}

/** DECISION (SPEC-rest §4.1, §15.8; the condition is sourced): CreateStreamingURL for a domain-joined fleet. */
export function fleetDomainJoined(fleet: string): AwsError {
  return modeledError(
    'OperationNotPermittedException',
    `The fleet ${fleet} is joined to a Microsoft Active Directory domain. Streaming URLs are only available for fleets without a directory config; domain users sign in through SAML 2.0.`,
  );
}

/** DECISION ([Md]: UserId needs AuthenticationType): DescribeSessions with UserId alone. */
export function sessionUserNeedsType(): AwsError {
  return modeledError('InvalidParameterCombinationException', 'The UserId filter requires AuthenticationType.');
}

/** DECISION (SPEC-rest §3: active sessions forbid it): DisassociateFleet while the pair has sessions. Text only. */
export function fleetStackHasSessionsText(fleet: string, stack: string, count: number): string {
  return `The fleet ${fleet} has ${count} active session${count === 1 ? '' : 's'} on the stack ${stack}. Expire them or wait until they end, then try again.`;
}

/** DECISION ([Md]: multi-session fleets only): DrainSessionInstance of a session of another fleet. */
export function fleetNotMultiSession(fleet: string): AwsError {
  return modeledError('OperationNotPermittedException', `The fleet ${fleet} is not a multi-session fleet. Only instances of multi-session fleets can be drained.`);
}

// ---- stacks (SPEC-rest §2, §3) -----------------------------------------------------------------

/** [AWS: TF #25354, #22625] DeleteStack of a stack with a fleet (ResourceInUseException). */
export function stackHasFleets(stack: string): AwsError {
  return modeledError(
    'ResourceInUseException',
    `Cannot delete stack ${stack}. This stack has fleets associated with it. Only stacks with no fleets associated with it can be deleted.`,
  );
}

/** DECISION (SPEC-rest §3; the code too): AssociateFleet to a stack that has a fleet (LimitExceededException). */
export function stackAlreadyHasFleet(stack: string): AwsError {
  return modeledError('LimitExceededException', `The stack ${stack} already has a fleet associated with it.`);
}

/** DECISION (SPEC-rest §3): DisassociateFleet of a fleet and a stack that are not associated (ResourceNotFoundException). */
export function stackFleetNotAssociated(fleet: string, stack: string): AwsError {
  return modeledError('ResourceNotFoundException', fleetNotAssociatedText(fleet, stack));
}

/**
 * DECISION (SPEC-rest §2.4, §3): Windows-only stack features (GOOGLE_DRIVE and ONE_DRIVE
 * connectors, application settings persistence) with a Linux fleet (IncompatibleImageException).
 */
export function stackFeaturesNeedWindows(stack: string, fleet: string, platform: string, features: readonly string[]): AwsError {
  return modeledError(
    'IncompatibleImageException',
    `The stack ${stack} uses ${features.join(', ')}, which ${features.length === 1 ? 'is' : 'are'} supported on Windows fleets only; fleet ${fleet} has platform ${platform}.`,
  );
}

/** DECISION (SPEC-rest §1.6, §3): UpdateFleet to a Linux platform while in a stack with Windows-only features (IncompatibleImageException). */
export function stackFeaturesBlockPlatform(stack: string, fleet: string, platform: string, features: readonly string[]): AwsError {
  return modeledError(
    'IncompatibleImageException',
    `The stack ${stack} uses ${features.join(', ')}, which ${features.length === 1 ? 'is' : 'are'} supported on Windows fleets only; fleet ${fleet} cannot change to platform ${platform} while it is associated with that stack.`,
  );
}

// The stack input rules of SPEC-rest §2.3 that the model cannot express: DECISION texts of
// InvalidParameterCombinationException (CreateStack, UpdateStack; the seed reports them too). Text only.

export const userSettingMaxLengthOnlyClipboardText = (action: string) =>
  `MaximumLength is supported only for CLIPBOARD_COPY_FROM_LOCAL_DEVICE and CLIPBOARD_COPY_TO_LOCAL_DEVICE, not for ${action}.`;
export const userSettingMaxLengthDisabledText = (action: string) => `MaximumLength cannot be set for ${action} when its Permission is DISABLED.`;
export const userSettingMaxLengthRangeText = (action: string, min: number, max: number) => `MaximumLength for ${action} must be between ${min} and ${max}.`;
export const userSettingDuplicateText = (action: string) => `UserSettings sets the action ${action} more than once.`;
export const storageConnectorDuplicateText = (type: string) => `A stack can have at most one storage connector of type ${type}.`;
export const storageConnectorAdminConsentText = (type: string) => `DomainsRequireAdminConsent is supported only for ONE_DRIVE storage connectors, not for ${type}.`;
export const agentAccessNeedsBucketText = () => 'AgentAccessConfig.S3BucketArn is required when ScreenshotsUploadEnabled is true.';
export const agentAccessIncompleteText = (missing: readonly string[]) => `AgentAccessConfig requires ${missing.join(', ')}.`;
export const agentActionDuplicateText = (action: string) => `AgentAccessConfig.Settings sets the agent action ${action} more than once.`;
/**
 * DECISION: an Update* that sets a member and also deletes it (AttributesToDelete, or
 * DeleteStorageConnectors); also UpdateThemeForStack's FooterLinks with FOOTER_LINKS (as
 * UpdateFleet, SPEC-rest §1.6). Without the attribute: the member is named by itself.
 */
export const setAndDeletedText = (member: string, attribute?: string) =>
  attribute === undefined ? `${member} cannot be set and deleted in the same request.` : `${member} cannot be set when AttributesToDelete includes ${attribute}.`;
/** DECISION: as setAndDeletedText, when a boolean member (UpdateStack's DeleteStorageConnectors) does the deleting. */
export const setAndFlaggedForDeletionText = (member: string, flag: string) => `${member} cannot be set when ${flag} is true.`;

// ---- themes (SPEC-rest §8.2) ---------------------------------------------------------------------

/** DECISION: a stack without a theme (ResourceNotFoundException). */
export function themeNotFound(stack: string): AwsError {
  return modeledError('ResourceNotFoundException', `The theme for stack ${stack} does not exist.`);
}

/** DECISION: CreateThemeForStack on a stack that has one (ResourceAlreadyExistsException). */
export function themeExists(stack: string): AwsError {
  return modeledError('ResourceAlreadyExistsException', `The theme for stack ${stack} already exists.`);
}

/** DECISION: more than the 3 footer links of [DG:branding] (LimitExceededException). Text only (the seed reports it too). */
export const tooManyFooterLinksText = (max: number, given: number) => `A theme can have at most ${max} footer links; ${given} were given.`;

// ---- the other families (SPEC-rest §5-§7, §15.6) ------------------------------------------------

/**
 * DECISION (SPEC-rest §15.6): ResourceNotFoundException for a fleet, stack, app block,
 * application or app block builder: `The <kind> <name> does not exist.`
 */
export function resourceKindNotFound(kind: string, name: string): AwsError {
  return modeledError('ResourceNotFoundException', `The ${kind} ${name} does not exist.`);
}

/** DECISION (SPEC-rest §15.6): ResourceAlreadyExistsException: `<Kind> <name> already exists.` (Fleet, User, ...). */
export function resourceKindExists(kind: string, name: string): AwsError {
  return modeledError('ResourceAlreadyExistsException', `${kind.charAt(0).toUpperCase()}${kind.slice(1)} ${name} already exists.`);
}

/**
 * [AWS: aws-cloudformation-user-guide PR #485] CreateUser with an authentication type other
 * than USERPOOL: the text of the unmodeled InvalidParameterValueException that AWS is observed
 * to send (SPEC §4 allows it; errorsOf('CreateUser') builds it with the service's shape ID).
 */
export function userAuthenticationTypeRefusedText(authenticationType: string): string {
  return `Cannot create a user with '${authenticationType}' authentication type`;
}

/** DECISION (SPEC-rest §6): an entitlement's application that the stack's catalog lacks. */
export function applicationNotInStack(application: string, stack: string): AwsError {
  return modeledError('ResourceNotFoundException', `The application ${application} was not found in stack ${stack}.`);
}

/** DECISION (SPEC-rest §7.4): StartAppBlockBuilder without an app block. */
export function appBlockBuilderWithoutAppBlock(name: string): AwsError {
  return modeledError('OperationNotPermittedException', `The app block builder ${name} is not associated with an app block.`);
}

// ---- users, entitlements, directory configs, usage reports (SPEC-rest §5, §6, §8.1, §9) -------
// Text only: the code depends on the operation (errorsOf), except where a builder says otherwise.

/**
 * DECISION: every family's quota text, the form of the images' (LimitExceededException): `what`
 * is plural ("app blocks"), `scope` is partitionScope(...) or `stack <s>`.
 */
export function quotaReachedText(what: string, limit: number, scope: string): string {
  return `The maximum number of ${what} (${limit}) for ${scope} has been reached.`;
}

/**
 * DECISION (SPEC-rest §12, AWS's text not found): the instances a create or update would give the
 * fleets with default internet access, together, past their quota.
 */
export function defaultInternetInstancesText(limit: number, scope: string, total: number): string {
  return `The maximum number of fleet instances with default internet access (${limit}) for ${scope} would be exceeded: the fleets with default internet access would have ${total} desired instances.`;
}

/** The scope of a per-account-and-region quota, for quotaReachedText. */
export const partitionScope = (accountId: string, region: string) => `account ${accountId} in ${region}`;

/** DECISION (SPEC-rest §15.13): a non-USERPOOL authentication type where the operation models InvalidParameterCombination. */
export function userPoolOnlyText(authenticationType: string): string {
  return `The authentication type ${authenticationType} is not supported. You must specify USERPOOL.`;
}

/** DECISION (the rule is AWS's [Md]): CreateUser with RESEND and a first or last name. */
export function resendWithNamesText(): string {
  return 'FirstName and LastName cannot be specified when MessageAction is RESEND.';
}

/** DECISION (SPEC-rest §15.12): CreateUser RESEND for a user that does not exist. */
export function resendUnknownUserText(name: string): string {
  return `The user ${name} does not exist. MessageAction RESEND needs an existing user.`;
}

/** DECISION (the rule is AWS's [Md], SPEC-rest §15.14): BatchAssociateUserStack to a stack whose fleet is domain-joined. */
export function domainJoinedStackText(stack: string, fleet: string): string {
  return `User pool users cannot be assigned to stacks with fleets that are joined to an Active Directory domain: stack ${stack} uses fleet ${fleet}.`;
}

/** DECISION (the rule is AWS's [Md]): DescribeUserStackAssociations without a stack or a user with its type. */
export function userAssociationFilterText(): string {
  return 'You must specify a stack name, a user name and authentication type, or both.';
}

/** DECISION (SPEC-rest §15.6 form): EntitlementNotFoundException. */
export function entitlementNotFoundText(name: string, stack: string): string {
  return `The entitlement ${name} does not exist in stack ${stack}.`;
}

/** DECISION (SPEC-rest §15.6 form): EntitlementAlreadyExistsException. */
export function entitlementExists(name: string): AwsError {
  return modeledError('EntitlementAlreadyExistsException', `Entitlement ${name} already exists.`);
}

/** DECISION (SPEC-rest §15.15): an entitlement attribute name that AWS does not document (OperationNotPermitted). */
export function entitlementAttributeText(name: string, supported: readonly string[]): string {
  return `The attribute name ${name} is not supported. Supported attribute names: ${supported.join(', ')}.`;
}

/** DECISION: DisassociateApplicationFromEntitlement of an application that is not associated (ResourceNotFoundException). */
export function applicationNotEntitledText(application: string, entitlement: string): string {
  return `The application ${application} is not associated with entitlement ${entitlement}.`;
}

/** DECISION (SPEC-rest §15.15): the applications of one entitlement (LimitExceededException). */
export function entitlementApplicationsLimitText(limit: number, entitlement: string): string {
  return `The maximum number of applications (${limit}) for entitlement ${entitlement} has been reached.`;
}

/** DECISION (the rule is AWS's [DG:active-directory-admin]): DeleteDirectoryConfig of a config a fleet or builder joins. */
export function directoryConfigInUseText(name: string, userKind: string, user: string): string {
  return `The directory config ${name} is in use by ${userKind} ${user}. Update or delete the ${userKind} before you delete the directory config.`;
}

/** DECISION (SPEC-rest §8.1): UpdateDirectoryConfig removing an OU that a fleet or builder joins (ResourceInUseException). */
export function directoryConfigOuInUseText(ou: string, name: string, userKind: string, user: string): string {
  return `The organizational unit ${ou} of directory config ${name} is in use by ${userKind} ${user}. Update or delete the ${userKind} before you remove the organizational unit.`;
}

/** DECISION (SPEC-rest §1.2): a DomainJoinInfo OU that its directory config does not list (InvalidParameterCombination). */
export function directoryConfigOuUnknownText(ou: string, name: string): string {
  return `The organizational unit ${ou} is not in the directory config ${name}.`;
}

/** DECISION: DeleteUsageReportSubscription when there is none (ResourceNotFoundException; SPEC-rest §9.1). */
export function usageReportNotFound(accountId: string, region: string): AwsError {
  return modeledError('ResourceNotFoundException', `The usage report subscription for account ${accountId} in ${region} does not exist.`);
}

/** DECISION (SPEC-rest §15.22): a BillingPeriod not in the form yyyy-mm (InvalidParameterCombination). */
export function billingPeriodText(period: string): string {
  return `The billing period ${period} is not valid. Specify it as yyyy-mm, for example 2025-08.`;
}

// ---- license-included software (image builders) ------------------------------------------------

/** DECISION: a SoftwareNames entry that is not a documented license-included application. Text only (the code depends on the operation). */
export function softwareUnknownText(software: string): string {
  return `The software ${software} is not a license-included application that AppStream 2.0 offers.`;
}

/** DECISION: license-included software on a builder or image that is not Windows Server. Text only. */
export function softwareNeedsWindowsText(builderOrImage: string, platform: string): string {
  return `License-included applications need a Windows Server platform; ${builderOrImage} runs ${platform}.`;
}

/** DECISION: disassociating software that is not associated (ResourceNotFoundException). */
export function softwareNotAssociated(software: string, builder: string): AwsError {
  return modeledError('ResourceNotFoundException', `The software ${software} is not associated with the image builder ${builder}.`);
}

/** DECISION: changing software while its deployment runs (OperationNotPermittedException). */
export function softwareDeploying(software: string, status: string, builder: string): AwsError {
  return modeledError('OperationNotPermittedException', `The software ${software} is ${status} on the image builder ${builder}; wait until its deployment ends.`);
}

// ---- Elastic: applications, app blocks, app block builders, export image tasks (SPEC-rest §7, §10) --
// Text only: the code depends on the operation (each handler picks it through errorsOf). Not
// found and already exists: resourceKindNotFound / resourceKindExists above.


/** [AWS: API reference of CreateAppBlock, SetupScriptDetails] (OperationNotPermitted: CreateAppBlock lists no InvalidParameterCombination). */
export function appBlockNeedsSetupScriptText(): string {
  return 'SetupScriptDetails must be provided for the CUSTOM PackagingType.';
}

/** [AWS: API reference of CreateAppBlock, PostSetupScriptDetails] */
export function appBlockPostSetupOnlyPackagedText(): string {
  return 'PostSetupScriptDetails can only be provided for the APPSTREAM2 PackagingType.';
}

/** DECISION (SPEC-rest §7.3): DeleteAppBlock of a block an application uses. */
export function appBlockUsedByApplicationText(block: string, application: string): string {
  return `The app block ${block} is used by the application ${application}. Delete the application or change its app block first.`;
}

/** DECISION (SPEC-rest §7.3): DeleteAppBlock of a block associated with an app block builder. */
export function appBlockAssociatedWithBuilderText(block: string, builder: string): string {
  return `The app block ${block} is associated with the app block builder ${builder}. Disassociate it first.`;
}

/** DECISION (SPEC-rest §7.4): an app block that is not APPSTREAM2 given to a builder. */
export function appBlockNotPackagedText(block: string, packagingType: string): string {
  return `The app block ${block} has the PackagingType ${packagingType}. Only APPSTREAM2 app blocks can be associated with an app block builder.`;
}

/** DECISION (SPEC-rest §7.1): a platform Elastic fleets do not run. */
export function elasticPlatformUnsupportedText(platform: string, supported: readonly string[], what: string): string {
  return `The platform ${platform} is not supported for ${what}. Use ${supported.join(', ')}.`;
}

/** DECISION (SPEC-rest §7.1): an instance family applications cannot name. */
export function applicationInstanceFamilyUnsupportedText(family: string, supported: readonly string[]): string {
  return `The instance family ${family} is not supported for applications. Use ${supported.join(', ')}.`;
}

/** DECISION: an empty list where one value at least is needed (Platforms, InstanceFamilies). */
export function emptyListText(member: string, what: string): string {
  return `${member} must name at least one ${what}.`;
}


/** DECISION (SPEC-rest §7.1): DeleteApplication of an application a fleet streams. */
export function applicationAssociatedText(application: string, fleet: string): string {
  return `The application ${application} is associated with the fleet ${fleet}. To delete the application, you must disassociate it from the fleet.`;
}

/** DECISION (SPEC-rest §7.2; AWS: "only supported for Elastic fleets"): an application given to a fleet of another type. */
export function fleetNotElasticText(fleet: string, fleetType: string): string {
  return `The fleet ${fleet} is ${fleetType}. Applications can be associated only with Elastic fleets.`;
}

/** DECISION (SPEC-rest §7.2): an application without the fleet's platform. */
export function applicationPlatformMismatchText(application: string, platform: string, fleet: string, platforms: readonly string[]): string {
  return `The application ${application} does not support the platform ${platform} of the fleet ${fleet}. Its platforms are ${platforms.join(', ')}.`;
}

/** DECISION (SPEC-rest §7.2, §12): the applications-per-fleet limit. */
export function fleetApplicationLimitText(fleet: string, limit: number): string {
  return `The fleet ${fleet} already has the maximum number of applications (${limit}).`;
}

/** [AWS: API reference of DescribeApplicationFleetAssociations]; the same form for builder associations (DECISION). */
export function eitherMemberRequiredText(first: string, second: string): string {
  return `Either ${first} or ${second} must be specified.`;
}

/** DECISION (SPEC-rest §7.4): the image builders' state form (SPEC §4) for app block builders. */
export function appBlockBuilderWrongStateText(name: string, state: string, required: string): string {
  return `The app block builder ${name} is ${state}. The app block builder must be in a ${required} state for this action to succeed.`;
}

/** DECISION (SPEC-rest §7.4): an instance type app block builders do not run on. */
export function appBlockBuilderInstanceTypeText(instanceType: string, supported: readonly string[]): string {
  return `The instance type ${instanceType} is not supported for app block builders. Use one of ${supported.join(', ')}.`;
}

/** DECISION (SPEC-rest §1.2, §7.4): fewer than two distinct subnets where AWS asks for two availability zones. */
export function twoSubnetsRequiredText(): string {
  return 'The VpcConfig must specify at least two subnets in different availability zones.';
}

/** DECISION (SPEC-rest §7.4): the fleet's update form, with the builder's public state. */
export function appBlockBuilderUpdateNeedsStopText(member: string, name: string, state: string): string {
  return `Cannot update the attribute ${member} for app block builder ${name} when it is ${state}. The app block builder must be stopped to complete this action.`;
}

/** DECISION (SPEC-rest §7.4): the fleet's DeleteFleet form. */
export function appBlockBuilderDeleteNeedsStopText(name: string, state: string): string {
  return `Cannot delete app block builder ${name} when it is ${state}. The app block builder must be stopped to complete this action.`;
}

/** DECISION (SPEC-rest §7.4; AWS [Md]: only without an association): DeleteAppBlockBuilder of an associated builder. */
export function appBlockBuilderAssociatedText(name: string, appBlockArn: string): string {
  return `The app block builder ${name} is associated with the app block ${appBlockArn}. To delete the app block builder, you must disassociate it from the app block.`;
}

/** DECISION (SPEC-rest §15.17): one app block per builder. */
export function appBlockBuilderHasAppBlockText(name: string, appBlockArn: string): string {
  return `The app block builder ${name} is already associated with the app block ${appBlockArn}. An app block builder can be associated with one app block.`;
}

/** DECISION: DisassociateAppBlockBuilderAppBlock of a pair that is not associated. */
export function appBlockBuilderPairUnknownText(name: string, appBlock: string): string {
  return `The app block builder ${name} is not associated with the app block ${appBlock}.`;
}

/** DECISION (SPEC-rest §10; AWS [Md]: only images the caller owns): CreateExportImageTask of a public image. */
export function exportNotOwnedText(image: string, accountId: string): string {
  return `The image ${image} is not owned by account ${accountId}. You can export only images that you own.`;
}

/** DECISION (SPEC-rest §10; AWS [Md]: the AMI name must be unique): an AMI name of a live task. */
export function exportAmiNameTakenText(amiName: string): string {
  return `An AMI named ${amiName} already exists or is being exported. The AMI name must be unique within your account and region.`;
}

/** DECISION (SPEC-rest §10): an unknown export task, or none named. */
export function exportTaskNotFoundText(taskId: string | undefined): string {
  return taskId === undefined ? 'The export image task does not exist: no TaskId was given.' : `The export image task ${taskId} does not exist.`;
}

/** DECISION (SPEC-rest §10): a filter name ListExportImageTasks does not know. */
export function exportFilterUnknownText(name: string, known: readonly string[]): string {
  return `The filter name ${name} is not supported. Use ${known.join(' or ')}.`;
}

/** DECISION (SPEC-rest §10): a State filter value that is not a state. */
export function exportFilterStateText(value: string, states: readonly string[]): string {
  return `The State filter value ${value} is not a state. Use ${states.join(', ')}.`;
}
