// Who is calling: the account and region of a request, from its SigV4 Authorization header,
// under one of three modes. No AppStream knowledge here.
import { protocolErrors } from '../errors/catalog.js';
import { SERVICE } from '../generated/operations.js';
import { checkRequestTime, parseAuthorization, verifySignature, type IncomingForSignature } from '../protocol/sigv4.js';

export type AuthMode = 'off' | 'parse' | 'verify';

export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

export interface AuthSettings {
  mode: AuthMode;
  /** verify mode: access key id -> credential. */
  credentials: ReadonlyMap<string, Credential>;
}

/** DECISION (SPEC §2, as LocalStack does): a 12-digit access key is that account; any other key is this one. */
export const DEFAULT_ACCOUNT_ID = '000000000000';
/** The region assumed for unsigned requests (auth mode off). */
export const DEFAULT_REGION = 'us-east-1';

const TWELVE_DIGITS = /^\d{12}$/;

export function accountForAccessKey(accessKeyId: string): string {
  return TWELVE_DIGITS.test(accessKeyId) ? accessKeyId : DEFAULT_ACCOUNT_ID;
}

export interface Identity {
  accountId: string;
  region: string;
}

/**
 * Resolves the caller. `wallClockMs` is real time (the signature's clock), not the emulated
 * clock that drives resource states.
 */
export async function authenticate(
  request: IncomingForSignature,
  settings: AuthSettings,
  wallClockMs: number,
): Promise<Identity> {
  const header = request.headers['authorization'];
  const authorization = Array.isArray(header) ? header[0] : header;
  if (settings.mode === 'off') {
    if (!authorization) return { accountId: DEFAULT_ACCOUNT_ID, region: DEFAULT_REGION };
    try {
      const parsed = parseAuthorization(authorization);
      return { accountId: accountForAccessKey(parsed.accessKeyId), region: parsed.region };
    } catch {
      return { accountId: DEFAULT_ACCOUNT_ID, region: DEFAULT_REGION };
    }
  }
  if (!authorization) throw protocolErrors.missingAuthenticationToken();
  const parsed = parseAuthorization(authorization);
  if (settings.mode === 'parse') {
    return { accountId: accountForAccessKey(parsed.accessKeyId), region: parsed.region };
  }
  const credential = settings.credentials.get(parsed.accessKeyId);
  if (!credential) throw protocolErrors.unrecognizedClient();
  const xAmzDate = request.headers['x-amz-date'];
  checkRequestTime(Array.isArray(xAmzDate) ? xAmzDate[0] : xAmzDate, wallClockMs);
  // A signature made for another service (a valid one, for ec2 say) is not a signature for this one.
  if (parsed.service !== SERVICE.signingName) throw protocolErrors.credentialWrongService(SERVICE.signingName);
  if (!(await verifySignature(request, parsed, credential.secretAccessKey))) throw protocolErrors.invalidSignature();
  return { accountId: credential.accountId, region: parsed.region };
}
