// Types for scripts/build-state.mjs (plain JavaScript: npm start runs it before anything is built).

/** Why dist/ under `base` must be rebuilt, or undefined when it is current. */
export function staleReason(base: string): string | undefined;
