// Real AWS SDK clients pointed at a test server, in both protocols the service speaks.
import { AppStreamClient } from '@aws-sdk/client-appstream';
import { SmithyRpcV2CborProtocol } from '@smithy/core/cbor';

export type ProtocolChoice = 'awsJson1_1' | 'rpcv2Cbor';
export const PROTOCOLS: ProtocolChoice[] = ['awsJson1_1', 'rpcv2Cbor'];

export interface ClientOptions {
  accountId?: string;
  region?: string;
  secretAccessKey?: string;
  accessKeyId?: string;
}

/** A client whose access key is the account id, so the server maps it to that account. */
export function appStreamClient(url: string, protocol: ProtocolChoice = 'awsJson1_1', options: ClientOptions = {}): AppStreamClient {
  return new AppStreamClient({
    endpoint: url,
    region: options.region ?? 'us-east-1',
    credentials: {
      accessKeyId: options.accessKeyId ?? options.accountId ?? '111111111111',
      secretAccessKey: options.secretAccessKey ?? 'test-secret',
    },
    maxAttempts: 1,
    ...(protocol === 'rpcv2Cbor' ? { protocol: SmithyRpcV2CborProtocol } : {}),
  });
}
