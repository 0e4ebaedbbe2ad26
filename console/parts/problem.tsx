// A failed call, as the person needs to read it: a KMIP refusal names its Result Reason and the
// server's Result Message; any other failure its message. Announced to screen readers (role=alert).
import { ApiError } from '../api.js';
import { spaced } from '../kmip/json-items.js';
import { KmipRefusal } from '../kmip/messages.js';

export function Problem({ error }: { readonly error: unknown }) {
  if (error === undefined || error === null) return null;
  if (error instanceof KmipRefusal) {
    return (
      <p class="problem" role="alert">
        <strong>
          {spaced(error.operation)} refused: {spaced(error.reason)}
        </strong>
        <span> — {error.message}</span>
      </p>
    );
  }
  const message = error instanceof ApiError || error instanceof Error ? error.message : JSON.stringify(error);
  return (
    <p class="problem" role="alert">
      {message}
    </p>
  );
}

/** A success message, announced politely (role=status). */
export function Done({ text }: { readonly text: string }) {
  return text === '' ? null : (
    <p class="done" role="status">
      {text}
    </p>
  );
}
