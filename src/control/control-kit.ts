// What every control route uses: the error constructor of the control API. Routes import this,
// never the router (which imports the routes).
import { AwsError } from '../errors/aws-error.js';

/** An error of the emulator's own API, in the API's JSON envelope (`__type`, `message`). */
export function controlError(message: string, status = 400, code = 'InvalidRequestException'): AwsError {
  return new AwsError(code, message, status);
}
