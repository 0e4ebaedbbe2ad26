// One action at a time from a form or button: while it runs its controls are disabled (busy), the
// previous error is cleared, and a failure goes to `failed` (shown by <Problem>). Resolves with
// whether it succeeded.
import { useState } from 'preact/hooks';

export function useAction(failed: (error: unknown) => void): {
  readonly busy: boolean;
  readonly run: (what: () => Promise<void>) => Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const run = async (what: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    failed(undefined);
    try {
      await what();
      return true;
    } catch (e) {
      failed(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
