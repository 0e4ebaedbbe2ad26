// One test per Result Reason in scenarios-crypto.ts (and per 1.x version it maps to).
import { testScenarios } from './scenarios.js';
import { CRYPTO_SCENARIOS } from './scenarios-crypto.js';

testScenarios(CRYPTO_SCENARIOS);
