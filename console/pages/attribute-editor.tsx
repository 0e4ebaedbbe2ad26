// Every attribute of an object in one table, and the edits KMIP lets a client make (KMIP 2.1
// §6.1.2 Add Attribute, §6.1.30 Modify Attribute, §6.1.12 Delete Attribute): custom x- attributes
// and the client-modifiable text attributes (Name, Contact Information, Object Group, Description,
// Comment). Modify and Delete name the instance shown (Current Attribute), so an attribute with
// several instances changes only where asked. Whether the edit is allowed is the server's answer.
import { useState } from 'preact/hooks';
import {
  customAttribute,
  enumeration,
  spaced,
  structure,
  text,
  valueText,
  vendorName,
  type Item,
} from '../kmip/json-items.js';
import { addAttribute, deleteAttribute, modifyAttribute } from '../kmip/operations.js';
import { EDITABLE_ATTRIBUTES } from '../kmip/vocabulary.js';
import { AttributeValue } from '../parts/attribute-value.js';
import { formText } from '../form.js';
import { useAction } from '../parts/use-action.js';

const CUSTOM = 'custom';

function labelOf(a: Item): string {
  return a.tag === 'Attribute' ? vendorName(a) : spaced(a.tag);
}

function isEditable(a: Item): boolean {
  return a.tag === 'Attribute' || (EDITABLE_ATTRIBUTES as readonly string[]).includes(a.tag);
}

/** The attribute `a` with a new text value. */
function withValue(a: Item, value: string): Item {
  if (a.tag === 'Attribute') return customAttribute(vendorName(a), value);
  if (a.tag === 'Name')
    return structure('Name', [text('NameValue', value), enumeration('NameType', 'UninterpretedTextString')]);
  return text(a.tag, value);
}

function editableText(a: Item): string {
  if (a.tag === 'Name' || a.tag === 'Attribute') {
    const inner = Array.isArray(a.value) ? (a.value as readonly Item[]) : [];
    return valueText(inner.find((c) => c.tag === (a.tag === 'Name' ? 'NameValue' : 'AttributeValue')));
  }
  return valueText(a);
}

export interface EditorProps {
  readonly uid: string;
  readonly attributes: readonly Item[];
  readonly changed: (message: string) => void;
  readonly failed: (error: unknown) => void;
}

export function AttributeEditor({ uid, attributes, changed, failed }: EditorProps) {
  const [editing, setEditing] = useState<number | undefined>();
  const [kind, setKind] = useState<string>(CUSTOM);
  const action = useAction(failed);
  const busy = action.busy;
  const run = async (what: () => Promise<void>, done: string): Promise<void> => {
    if (!(await action.run(what))) return;
    setEditing(undefined);
    changed(done);
  };
  const saveEdit = (e: SubmitEvent, a: Item): void => {
    e.preventDefault();
    const value = formText(new FormData(e.currentTarget as HTMLFormElement), 'value');
    void run(() => modifyAttribute(uid, a, withValue(a, value)), `${labelOf(a)} changed.`);
  };
  const add = (e: SubmitEvent): void => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const value = formText(data, 'add-value');
    const rawName = formText(data, 'add-name');
    const customName = rawName.startsWith('x-') ? rawName : `x-${rawName}`;
    const attribute =
      kind === CUSTOM ? customAttribute(customName, value) : withValue({ tag: kind, value: '' }, value);
    void run(() => addAttribute(uid, attribute), `${kind === CUSTOM ? customName : spaced(kind)} added.`);
    (e.currentTarget as HTMLFormElement).reset();
  };
  const sorted = [...attributes].sort((a, b) => labelOf(a).localeCompare(labelOf(b)));
  return (
    <section aria-labelledby="attributes-title">
      <h2 id="attributes-title">Attributes</h2>
      <table class="attributes">
        <caption class="visually-hidden">Every attribute of the object</caption>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col">Value</th>
            <th scope="col">
              <span class="visually-hidden">Edit</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((a, i) => (
            <tr key={i}>
              <th scope="row">{labelOf(a)}</th>
              <td>
                {editing === i ? (
                  <form class="inline" aria-label={`Change ${labelOf(a)}`} onSubmit={(e) => saveEdit(e, a)}>
                    <label class="visually-hidden" for={`edit-${i}`}>
                      New value of {labelOf(a)}
                    </label>
                    <input id={`edit-${i}`} name="value" value={editableText(a)} required />
                    <button type="submit" disabled={busy}>
                      Save
                    </button>
                    <button type="button" class="secondary" onClick={() => setEditing(undefined)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <AttributeValue item={a} />
                )}
              </td>
              <td class="row-actions">
                {isEditable(a) && editing !== i && (
                  <>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Change ${labelOf(a)}`}
                      onClick={() => setEditing(i)}
                    >
                      Change
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Delete ${labelOf(a)}`}
                      disabled={busy}
                      onClick={() => void run(() => deleteAttribute(uid, a), `${labelOf(a)} deleted.`)}
                    >
                      Delete
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="inline add-attribute" aria-label="Add an attribute" onSubmit={add}>
        <label for="add-kind">Add</label>
        <select id="add-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
          <option value={CUSTOM}>Custom attribute (x-…)</option>
          {EDITABLE_ATTRIBUTES.map((t) => (
            <option key={t} value={t}>
              {spaced(t)}
            </option>
          ))}
        </select>
        {kind === CUSTOM && (
          <>
            <label for="add-name">Name</label>
            <input id="add-name" name="add-name" placeholder="x-bucket" required />
          </>
        )}
        <label for="add-value">Value</label>
        <input id="add-value" name="add-value" required />
        <button type="submit" disabled={busy}>
          Add
        </button>
      </form>
    </section>
  );
}
