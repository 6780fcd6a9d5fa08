// `flight build --watch`: rebuild whenever a file the flight was built from
// (or a tsconfig.json next to them) changes. Errors are printed and the
// watch goes on; Ctrl-C stops it.
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";

export interface WatchOptions {
  /** Builds once; resolves to the files to watch next time. */
  build(): Promise<string[]>;
  /** Wait for a quiet period before rebuilding (editors write files in bursts). */
  debounceMs?: number;
}

export function watchAndRebuild(options: WatchOptions): { close(): void; rebuilt: Promise<void> } {
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let building = false;
  let again = false;
  let closed = false;

  const rewatch = (files: string[]) => {
    watchers.forEach((w) => w.close());
    const wanted = new Set(files);
    const dirs = new Set(files.map((f) => dirname(f)));
    watchers = [...dirs].map((dir) =>
      watch(dir, (_event, name) => {
        if (name && (wanted.has(`${dir}/${name}`) || basename(String(name)) === "tsconfig.json")) schedule();
      }),
    );
  };

  let lastFiles: string[] = [];
  const run = async () => {
    if (closed) return;
    if (building) {
      again = true;
      return;
    }
    building = true;
    try {
      lastFiles = await options.build();
    } finally {
      building = false;
    }
    if (!closed) rewatch(lastFiles);
    if (again) {
      again = false;
      await run();
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), options.debounceMs ?? 100);
  };

  return {
    rebuilt: run(),
    close() {
      closed = true;
      clearTimeout(timer);
      watchers.forEach((w) => w.close());
    },
  };
}
