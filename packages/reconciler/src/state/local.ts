import type { LockOptions, StateBackend, StateWriter } from './backend.js';
import { lockState } from './lock.js';
import { readState, StateStore } from './state.js';

/** The state in a local file, with a journal of every change and a `<file>.lock` beside it. */
export class LocalStateBackend implements StateBackend {
  constructor(readonly location: string) {}
  async read() {
    return readState(this.location);
  }
  lock(options: LockOptions) {
    return lockState(this.location, options);
  }
  async open(): Promise<StateWriter> {
    const store = new StateStore(this.location);
    return {
      state: store.state,
      record: async (address, resource) => store.record(address, resource),
      flush: async () => store.flush(),
    };
  }
}
