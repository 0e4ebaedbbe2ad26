// Making keys from the objects page: a symmetric key (Create) or a key pair (Create Key Pair),
// optionally activated at once and, for a symmetric key, tagged with a custom x- attribute. On
// success the new object's page opens; a refusal shows the server's reason.
import { useState } from 'preact/hooks';
import { spaced } from '../kmip/json-items.js';
import { createKeyPair, createSymmetricKey } from '../kmip/operations.js';
import { SYMMETRIC_USAGE } from '../kmip/vocabulary.js';
import { objectHref } from '../router.js';
import { Problem } from '../parts/problem.js';
import { formText as field } from '../form.js';
import { useAction } from '../parts/use-action.js';

const SYMMETRIC = { AES: [128, 192, 256], DES3: [168], ChaCha20: [256] } as const;
const PAIRS: Readonly<Record<string, { algorithm: 'RSA' | 'EC'; length: number; curve?: string }>> = {
  'RSA 2048': { algorithm: 'RSA', length: 2048 },
  'RSA 3072': { algorithm: 'RSA', length: 3072 },
  'RSA 4096': { algorithm: 'RSA', length: 4096 },
  'EC P-256': { algorithm: 'EC', length: 256, curve: 'P_256' },
  'EC P-384': { algorithm: 'EC', length: 384, curve: 'P_384' },
};

function SymmetricForm({ onError }: { readonly onError: (e: unknown) => void }) {
  const { busy, run } = useAction(onError);
  const submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const [algorithm = 'AES', length = '256'] = field(data, 'sym-kind').split(' ');
    const xname = field(data, 'sym-xname');
    await run(async () => {
      const uid = await createSymmetricKey({
        name: field(data, 'sym-name'),
        algorithm,
        length: Number(length),
        usage: SYMMETRIC_USAGE.filter((u) => data.get(`sym-usage-${u}`) !== null),
        custom:
          xname === ''
            ? undefined
            : { name: xname.startsWith('x-') ? xname : `x-${xname}`, value: field(data, 'sym-xvalue') },
        activate: data.get('sym-activate') !== null,
      });
      location.hash = objectHref(uid);
    });
  };
  return (
    <form class="create" aria-label="New symmetric key" onSubmit={(e) => void submit(e)}>
      <div class="field">
        <label for="sym-name">Name</label>
        <input id="sym-name" name="sym-name" required />
      </div>
      <div class="field">
        <label for="sym-kind">Algorithm and length</label>
        <select id="sym-kind" name="sym-kind">
          {Object.entries(SYMMETRIC).flatMap(([alg, lengths]) =>
            lengths.map((n) => (
              <option key={`${alg}${n}`} value={`${alg} ${n}`} selected={alg === 'AES' && n === 256}>
                {alg} {n} bits
              </option>
            )),
          )}
        </select>
      </div>
      <fieldset class="usage">
        <legend>Usage</legend>
        {SYMMETRIC_USAGE.map((u) => (
          <span key={u} class="check">
            <input
              id={`sym-usage-${u}`}
              name={`sym-usage-${u}`}
              type="checkbox"
              checked={u === 'Encrypt' || u === 'Decrypt'}
            />
            <label for={`sym-usage-${u}`}>{spaced(u)}</label>
          </span>
        ))}
      </fieldset>
      <div class="field">
        <label for="sym-xname">Custom attribute (optional)</label>
        <input id="sym-xname" name="sym-xname" placeholder="x-bucket" />
      </div>
      <div class="field">
        <label for="sym-xvalue">Its value</label>
        <input id="sym-xvalue" name="sym-xvalue" />
      </div>
      <div class="field check">
        <input id="sym-activate" name="sym-activate" type="checkbox" checked />
        <label for="sym-activate">Activate now</label>
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          Create key
        </button>
      </div>
    </form>
  );
}

function PairForm({ onError }: { readonly onError: (e: unknown) => void }) {
  const { busy, run } = useAction(onError);
  const submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const kind = PAIRS[field(data, 'pair-kind')] ?? { algorithm: 'RSA', length: 2048 };
    await run(async () => {
      const { privateKey } = await createKeyPair({
        name: field(data, 'pair-name'),
        ...kind,
        activate: data.get('pair-activate') !== null,
      });
      location.hash = objectHref(privateKey);
    });
  };
  return (
    <form class="create" aria-label="New key pair" onSubmit={(e) => void submit(e)}>
      <div class="field">
        <label for="pair-name">Name (the public key gets “-public” after it)</label>
        <input id="pair-name" name="pair-name" required />
      </div>
      <div class="field">
        <label for="pair-kind">Algorithm</label>
        <select id="pair-kind" name="pair-kind">
          {Object.keys(PAIRS).map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      <div class="field check">
        <input id="pair-activate" name="pair-activate" type="checkbox" checked />
        <label for="pair-activate">Activate now</label>
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          Create key pair
        </button>
      </div>
    </form>
  );
}

export function CreateKeys() {
  const [error, setError] = useState<unknown>();
  return (
    <div class="create-keys">
      <details>
        <summary>New symmetric key</summary>
        <SymmetricForm onError={setError} />
      </details>
      <details>
        <summary>New key pair</summary>
        <PairForm onError={setError} />
      </details>
      <Problem error={error} />
    </div>
  );
}
