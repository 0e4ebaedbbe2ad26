// Types for scripts/build-state.mjs (plain JavaScript: npm start runs it before anything is built).

/** Why tsc must run again, or undefined when dist/ holds what src/ compiles to. */
export function compileReason(base: string): string | undefined;

/** Why the web console must be bundled again, or undefined when dist/ui is current. */
export function consoleReason(base: string): string | undefined;

/** Why dist/ under `base` must be rebuilt (either part), or undefined when it is current. */
export function staleReason(base: string): string | undefined;
