// One object: every attribute it has (Get Attributes naming none), its links (public/private key,
// replacement chain, parent/child), its state timeline, its usage (Cryptographic Usage Mask, Usage
// Limits), and what can be done to it: Activate, Revoke with a reason, Destroy after typing its
// name, and Add/Modify/Delete of the attributes a client may change (attribute-editor.tsx).
import { useEffect, useState } from 'preact/hooks';
import { child, childText, spaced, valueText, type Item } from '../kmip/json-items.js';
import { activate, destroy, objectAttributes, revoke } from '../kmip/operations.js';
import { REVOCATION_REASONS } from '../kmip/vocabulary.js';
import { objectHref, hrefOf } from '../router.js';
import { Done, Problem } from '../parts/problem.js';
import { StateTimeline } from '../parts/state-timeline.js';
import { AttributeValue } from '../parts/attribute-value.js';
import { AttributeEditor } from './attribute-editor.js';
import { formText } from '../form.js';
import { useAction } from '../parts/use-action.js';

/** Links and the replacement chain's own attributes (KMIP 2.1 §4.29 Link, §4.51–4.52). */
const LINK_TAGS = new Set(['Link', 'ReplacementObjectLink', 'ReplacedObjectLink']);

interface ActionProps {
  readonly uid: string;
  readonly name: string;
  readonly state: string;
  readonly changed: (message: string) => void;
  readonly failed: (error: unknown) => void;
}

function Actions({ uid, name, state, changed, failed }: ActionProps) {
  const [typed, setTyped] = useState('');
  const action = useAction(failed);
  const busy = action.busy;
  const run = async (what: () => Promise<void>, done: string): Promise<void> => {
    if (await action.run(what)) changed(done);
  };
  const confirmWord = name === '' ? uid : name;
  const revokeSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const reason = formText(data, 'revoke-reason') || 'Unspecified';
    const message = formText(data, 'revoke-message');
    void run(() => revoke(uid, reason, message), `Revoked (${spaced(reason)}).`);
  };
  const destroySubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    if (typed !== confirmWord) return;
    void run(() => destroy(uid), 'Destroyed: the key material is gone; the attributes remain.');
    setTyped('');
  };
  const destroyed = state.startsWith('Destroyed');
  return (
    <section class="actions-panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      {state === 'PreActive' && (
        <button type="button" disabled={busy} onClick={() => void run(() => activate(uid), 'Activated.')}>
          Activate
        </button>
      )}
      {destroyed && (
        <p class="muted">A destroyed object has no more actions; its attributes stay readable.</p>
      )}
      {!destroyed && (
        <form class="inline" aria-label="Revoke" onSubmit={revokeSubmit}>
          <label for="revoke-reason">Revocation reason</label>
          <select id="revoke-reason" name="revoke-reason">
            {REVOCATION_REASONS.map((r) => (
              <option key={r} value={r}>
                {spaced(r)}
              </option>
            ))}
          </select>
          <label for="revoke-message">Message</label>
          <input id="revoke-message" name="revoke-message" />
          <button type="submit" disabled={busy}>
            Revoke
          </button>
        </form>
      )}
      {!destroyed && (
        <form class="inline danger" aria-label="Destroy" onSubmit={destroySubmit}>
          <label for="destroy-confirm">
            Type <kbd>{confirmWord}</kbd> to destroy this object
          </label>
          <input
            id="destroy-confirm"
            value={typed}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
          <button type="submit" class="danger" disabled={busy || typed !== confirmWord}>
            Destroy
          </button>
        </form>
      )}
    </section>
  );
}

function Usage({ attributes }: { readonly attributes: readonly Item[] }) {
  const root: Item = { tag: 'Attributes', value: attributes };
  const mask = childText(root, 'CryptographicUsageMask');
  const limits = child(root, 'UsageLimits');
  return (
    <section aria-labelledby="usage-title">
      <h2 id="usage-title">Usage</h2>
      {mask === '' ? (
        <p class="muted">No Cryptographic Usage Mask.</p>
      ) : (
        <ul class="chips" aria-label="Cryptographic Usage Mask">
          {mask.split('|').map((u) => (
            <li key={u}>{spaced(u)}</li>
          ))}
        </ul>
      )}
      {limits !== undefined && (
        <p>
          Usage limits: <AttributeValue item={limits} />
        </p>
      )}
    </section>
  );
}

function Links({ attributes }: { readonly attributes: readonly Item[] }) {
  const links = attributes.filter((a) => LINK_TAGS.has(a.tag));
  return (
    <section aria-labelledby="links-title">
      <h2 id="links-title">Links</h2>
      {links.length === 0 ? (
        <p class="muted">No links.</p>
      ) : (
        <ul>
          {links.map((l, i) => (
            <li key={i}>
              {l.tag === 'Link' ? (
                <AttributeValue item={l} />
              ) : (
                <span>
                  {spaced(l.tag)}: <a href={objectHref(valueText(l))}>{valueText(l)}</a>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ObjectPage({ uid }: { readonly uid: string }) {
  const [attributes, setAttributes] = useState<readonly Item[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    objectAttributes(uid).then(
      (a) => live && setAttributes(a),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [uid, version]);
  const changed = (message: string): void => {
    setDone(message);
    setVersion((v) => v + 1);
  };
  const failed = (e: unknown): void => {
    setError(e);
    if (e !== undefined) setDone('');
  };
  const root: Item = { tag: 'Attributes', value: attributes ?? [] };
  const name = childText(child(root, 'Name'), 'NameValue');
  const state = childText(root, 'State');
  return (
    <article aria-labelledby="object-title">
      <p>
        <a href={hrefOf('objects')}>← Objects</a>
      </p>
      <h1 id="object-title">{name === '' ? uid : name}</h1>
      <p class="subtitle">
        {spaced(childText(root, 'ObjectType'))} · <span class="uid">{uid}</span>
        {state !== '' && (
          <>
            {' · '}
            <span class={`state ${state}`}>{spaced(state)}</span>
          </>
        )}
      </p>
      <Done text={done} />
      <Problem error={error} />
      {attributes !== undefined && (
        <>
          <Actions uid={uid} name={name} state={state} changed={changed} failed={failed} />
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">State timeline</h2>
            <StateTimeline attributes={attributes} />
          </section>
          <div class="columns">
            <Usage attributes={attributes} />
            <Links attributes={attributes} />
          </div>
          <AttributeEditor uid={uid} attributes={attributes} changed={changed} failed={failed} />
        </>
      )}
    </article>
  );
}
