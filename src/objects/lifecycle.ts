// The key lifecycle state machine (KMIP 2.1 §3.22, KMIP 1.4 §3.22 figure 2). Time-driven
// transitions (Activation Date and Deactivation Date reached) are applied when an object is read.
import type { AttributeName } from '../spec/generated/attributes.js';
import { State } from '../spec/generated/enums.js';
import {
  type ManagedObject,
  enumAttribute,
  firstAttribute,
  withSingle,
  dateItem,
  enumItem,
} from './managed-object.js';

export type StateValue = (typeof State)[keyof typeof State];

export function stateOf(obj: ManagedObject): number | undefined {
  return enumAttribute(obj, 'State');
}

function dateValue(obj: ManagedObject, name: AttributeName): bigint | undefined {
  const v = firstAttribute(obj, name);
  return v?.type === 'DateTime' ? v.value : undefined;
}

/** The initial state of a new object: Active when an Activation Date at or before now is given. */
export function initialState(activationDate: bigint | undefined, now: Date): StateValue {
  return activationDate !== undefined && activationDate <= BigInt(Math.floor(now.getTime() / 1000))
    ? State.Active
    : State.PreActive;
}

/**
 * Applies the transitions that time has made (§3.22 transitions 4 and 6): Pre-Active with an
 * Activation Date reached becomes Active; Active (or Pre-Active) with a Deactivation Date reached
 * becomes Deactivated. Returns the object unchanged when nothing applies.
 */
export function applyTimeTransitions(obj: ManagedObject, now: Date): ManagedObject {
  const state = stateOf(obj);
  const t = BigInt(Math.floor(now.getTime() / 1000));
  let attrs = obj.attributes;
  let next = state;
  const activation = dateValue(obj, 'Activation Date');
  if (next === State.PreActive && activation !== undefined && activation <= t) next = State.Active;
  const deactivation = dateValue(obj, 'Deactivation Date');
  if (
    (next === State.Active || next === State.PreActive) &&
    deactivation !== undefined &&
    deactivation <= t
  ) {
    next = State.Deactivated;
  }
  if (next === state || next === undefined) return obj;
  attrs = withSingle(attrs, 'State', enumItem('State', next));
  return { ...obj, attributes: attrs };
}

/** The state Revoke moves to (§3.22 transitions 5, 7, 8, 9 and 10). */
export function revokedState(current: number, compromise: boolean): StateValue | undefined {
  if (compromise) {
    switch (current) {
      case State.PreActive:
      case State.Active:
      case State.Deactivated:
      case State.Compromised:
        return State.Compromised;
      case State.Destroyed:
      case State.DestroyedCompromised:
        return State.DestroyedCompromised;
      default:
        return undefined;
    }
  }
  if (current === State.Active) return State.Deactivated;
  if (current === State.Deactivated) return State.Deactivated;
  return undefined;
}

/** Destroy is allowed from every state but Active (§6.1.15): Pre-Active, Deactivated, Compromised. */
export function destroyedState(current: number): StateValue | undefined {
  switch (current) {
    case State.PreActive:
    case State.Deactivated:
      return State.Destroyed;
    case State.Compromised:
      return State.DestroyedCompromised;
    default:
      return undefined;
  }
}

export function withState(
  obj: ManagedObject,
  state: number,
  dateName: AttributeName | undefined,
  now: Date,
): ManagedObject {
  let attrs = withSingle(obj.attributes, 'State', enumItem('State', state));
  if (dateName !== undefined) attrs = withSingle(attrs, dateName, dateItem(dateName, now));
  return { ...obj, attributes: attrs };
}

export function stateName(state: number | undefined): string {
  const e = Object.entries(State).find(([, v]) => v === state);
  return e?.[0] ?? `state ${state}`;
}
