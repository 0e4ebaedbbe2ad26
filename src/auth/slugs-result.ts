// What a SLUGS lookup answers (slugs.ts asks, slugs-cache.ts keeps known users): the user's
// groups, or why there are none.
export const SlugsFailure = Object.freeze({
  /** GET users/{user} answered 404. */
  UnknownUser: 'unknown-user',
  /** GET users/{user}/groups answered 404. */
  NoGroups: 'no-groups',
  /** No answer, a timeout, an unexpected status or body. */
  Unavailable: 'unavailable',
} as const);
export type SlugsFailure = (typeof SlugsFailure)[keyof typeof SlugsFailure];

export type SlugsResult =
  | { readonly ok: true; readonly userId: string; readonly groups: readonly string[] }
  | { readonly ok: false; readonly failure: SlugsFailure; readonly detail: string };
