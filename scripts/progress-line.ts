/**
 * Progress of a long command: a terminal gets one line rewritten in place; a log (CI, cron) gets a line per tenth of
 * the work, not one per step.
 */
export function progressLine(stream: NodeJS.WriteStream): (done: number, total: number, line: string) => void {
  let lastTenth = -1;
  return (done, total, line) => {
    if (stream.isTTY) {
      stream.write(`\r${line}${done >= total ? '\n' : ''}`);
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((done * 10) / total);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      stream.write(`${line}\n`);
    }
  };
}
