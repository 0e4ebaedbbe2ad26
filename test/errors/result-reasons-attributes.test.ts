// One test per Result Reason in scenarios-attributes.ts (and per 1.x version it maps to).
import { testScenarios } from './scenarios.js';
import { ATTRIBUTE_SCENARIOS } from './scenarios-attributes.js';

testScenarios(ATTRIBUTE_SCENARIOS);
