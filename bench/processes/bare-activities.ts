/** The activity of the bare baseline: a task round trip through the server and nothing else. */
export function createBareActivities() {
  return {
    async noop(): Promise<void> {},
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
