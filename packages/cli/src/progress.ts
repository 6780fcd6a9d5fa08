// Progress of long steps: one status line, redrawn in place, on a terminal;
// nothing at all when output is piped or in CI (CI=true), so logs stay clean.

export interface Progress {
  step(text: string): void;
  done(): void;
}

export function progress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const interactive = stream.isTTY === true && !process.env.CI && process.env.TERM !== "dumb";
  if (!interactive) return { step() {}, done() {} };
  let shown = false;
  return {
    step(text) {
      stream.write(`\r\x1b[2K… ${text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
