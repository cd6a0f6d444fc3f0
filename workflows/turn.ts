import { condition } from '@temporalio/workflow';
import { refusal } from './activity-proxies.js';

/**
 * Handlers that change a workflow's state take turns: while one records its action (awaiting its activities), the
 * next waits, so two approvers of a 会签/或签 level deciding in the same instant are applied one after the other,
 * each re-checking its rule once it holds the turn.
 */
export class Turn {
  private held = false;

  /** No handler holds the turn: the main loop may act on the state. */
  get free(): boolean {
    return !this.held;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    // A loop, not one wait: several waiters wake in the same activation and only the first may take the turn.
    while (this.held) await condition(() => !this.held);
    this.held = true;
    try {
      return await work();
    } finally {
      this.held = false;
    }
  }
}

/**
 * Requests still being recorded, by what they act on (a task, a command): their validators refuse a second copy
 * from acceptance on, so an update retried or sent twice is answered once and never applied twice.
 */
export class InFlight {
  private readonly keys = new Set<string>();

  has(key: string): boolean {
    return this.keys.has(key);
  }

  refuseIfBusy(key: string): void {
    if (this.keys.has(key)) throw refusal('ALREADY_DECIDED', 'the same request is already being processed');
  }

  /** Marks the key until the returned release is called (in a `finally`). */
  claim(key: string): () => void {
    this.keys.add(key);
    return () => this.keys.delete(key);
  }
}
