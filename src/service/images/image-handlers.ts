// The image group's operations. DescribeImages is a placeholder until the DescribeImages issue.
import type { Handler } from '../handler-types.js';
import type { ServiceDeps } from '../service-deps.js';

export function imageHandlers(_deps: ServiceDeps): { DescribeImages: Handler<'DescribeImages'> } {
  return {
    DescribeImages: async () => ({ Images: [] }),
  };
}
