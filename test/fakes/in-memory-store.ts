/** `KeyValueStore` and `StoreFactory` in memory, surviving a simulated restart. */
import type { KeyValueStore, StoreFactory } from '../../src/main/core/ports.js';

/** One store; values are copied through JSON, like a file would. */
export class InMemoryStore<T> implements KeyValueStore<T> {
  private json: string | undefined;
  writes = 0;

  constructor(initial?: T) {
    this.json = initial === undefined ? undefined : JSON.stringify(initial);
  }

  read(): T | undefined {
    return this.json === undefined ? undefined : (JSON.parse(this.json) as T);
  }

  write(value: T): void {
    this.writes += 1;
    this.json = JSON.stringify(value);
  }
}

/**
 * A store factory whose stores outlive the service using them: build a second app service over
 * the same `InMemoryStores` to simulate a restart.
 */
export class InMemoryStores {
  private readonly stores = new Map<string, InMemoryStore<unknown>>();

  readonly factory: StoreFactory = <T>(name: string): KeyValueStore<T> => this.get<T>(name);

  get<T>(name: string): InMemoryStore<T> {
    let store = this.stores.get(name);
    if (!store) {
      store = new InMemoryStore<unknown>();
      this.stores.set(name, store);
    }
    return store as InMemoryStore<T>;
  }
}

/** A store that fails one chosen write, as a crash or a full disk would. */
export class CrashingStore<T> implements KeyValueStore<T> {
  writes = 0;
  failAt: number | undefined;
  constructor(readonly inner: InMemoryStore<T>) {}
  read(): T | undefined {
    return this.inner.read();
  }
  write(value: T): void {
    this.writes += 1;
    if (this.writes === this.failAt) throw new Error('simulated crash');
    this.inner.write(value);
  }
}
