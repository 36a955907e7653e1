// docs/operations.md says which operations are served; it must match the handler table.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { handlerTable, OPERATIONS_DOC, renderOperationsDoc } from '../../scripts/gen-operations-doc.js';
import { packageFile } from '../../src/package-root.js';

test('docs/operations.md matches the handler table (regenerate: npx tsx scripts/gen-operations-doc.ts)', () => {
  assert.equal(readFileSync(packageFile(OPERATIONS_DOC), 'utf8'), renderOperationsDoc(handlerTable()));
});
