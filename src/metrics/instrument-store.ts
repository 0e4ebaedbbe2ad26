// A Store that times its calls for the metrics (kmip_store_operation_duration_seconds, and
// kmip_store_errors_total for the calls that fail); everything else passes straight through.
import type { Store } from '../store/store.js';

const TIMED: ReadonlySet<PropertyKey> = new Set(['insert', 'get', 'update', 'remove', 'locate']);

export type StoreCallObserver = (method: string, seconds: number, failed: boolean) => void;

export function instrumentStore<T extends Store>(store: T, observe: StoreCallObserver): T {
  const wrapped = new Map<PropertyKey, unknown>();
  const wrap = (property: PropertyKey, method: (...args: unknown[]) => unknown): unknown => {
    if (!TIMED.has(property)) return method.bind(store);
    const name = String(property);
    return async (...args: unknown[]): Promise<unknown> => {
      const start = performance.now();
      try {
        const result = await method.apply(store, args);
        observe(name, (performance.now() - start) / 1000, false);
        return result;
      } catch (err) {
        observe(name, (performance.now() - start) / 1000, true);
        throw err;
      }
    };
  };
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let w = wrapped.get(property);
      if (w === undefined) {
        w = wrap(property, value as (...args: unknown[]) => unknown);
        wrapped.set(property, w);
      }
      return w;
    },
  });
}
