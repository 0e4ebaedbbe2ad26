// Every Result Reason the server can return, with the scenario that provokes it (issue 3, "Error
// cases"). result-reasons-completeness.test.ts fails when src/ names a reason missing here.
import type { ScenarioTable } from './scenarios.js';
import { ATTRIBUTE_SCENARIOS } from './scenarios-attributes.js';
import { CRYPTO_SCENARIOS } from './scenarios-crypto.js';
import { LIFECYCLE_SCENARIOS } from './scenarios-lifecycle.js';
import { MESSAGE_SCENARIOS } from './scenarios-message.js';

export const SCENARIO_TABLES: Readonly<Record<string, ScenarioTable>> = {
  'scenarios-lifecycle.ts': LIFECYCLE_SCENARIOS,
  'scenarios-attributes.ts': ATTRIBUTE_SCENARIOS,
  'scenarios-crypto.ts': CRYPTO_SCENARIOS,
  'scenarios-message.ts': MESSAGE_SCENARIOS,
};

export const REASON_SCENARIOS: ScenarioTable = Object.assign(
  {},
  ...Object.values(SCENARIO_TABLES),
) as ScenarioTable;
