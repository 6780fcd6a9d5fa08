// poll_oneoff of the pure-JS WASI host, call by call: clock subscriptions
// (relative and absolute) sleep until the earliest is due, stdio ones are
// ready at once, anything else is an error event. Go's wasip1 runtime sleeps
// and runs its timers this way (test/go-wasip1 runs a real Go flight).
import { describe, expect, it } from "vitest";
import { Wasi } from "@yoke-flight/runtime";

const memory = new WebAssembly.Memory({ initial: 1 });
const view = () => new DataView(memory.buffer);
const IN = 0,
  OUT = 1024,
  NEVENTS = 2048;

function poll(stdin: string, subs: ({ clock: bigint; abs?: boolean; id?: number } | { read: number } | { write: number })[]) {
  const wasi = new Wasi({ stdin }).bind({ exports: { memory } } as unknown as WebAssembly.Instance);
  const fns = wasi.imports();
  new Uint8Array(memory.buffer).fill(0);
  subs.forEach((s, i) => {
    const at = IN + i * 48;
    view().setBigUint64(at, BigInt(100 + i), true);
    if ("clock" in s) {
      const id = s.id ?? 1;
      let timeout = s.clock;
      if (s.abs) {
        fns.clock_time_get!(id, 0n, NEVENTS);
        timeout += view().getBigUint64(NEVENTS, true);
      }
      view().setUint8(at + 8, 0);
      view().setUint32(at + 16, id, true);
      view().setBigUint64(at + 24, timeout, true);
      view().setUint16(at + 40, s.abs ? 1 : 0, true);
    } else {
      view().setUint8(at + 8, "read" in s ? 1 : 2);
      view().setUint32(at + 16, "read" in s ? s.read : s.write, true);
    }
  });
  const started = performance.now();
  const errno = fns.poll_oneoff!(IN, OUT, subs.length, NEVENTS);
  const events = Array.from({ length: view().getUint32(NEVENTS, true) }, (_, i) => {
    const at = OUT + i * 32;
    return {
      userdata: Number(view().getBigUint64(at, true)),
      error: view().getUint16(at + 8, true),
      type: view().getUint8(at + 10),
      nbytes: Number(view().getBigUint64(at + 16, true)),
    };
  });
  return { errno, events, ms: performance.now() - started };
}

describe("poll_oneoff", () => {
  it("sleeps until the earliest clock is due and reports only the due ones", () => {
    const r = poll("", [{ clock: 200_000_000n }, { clock: 30_000_000n }, { clock: 40_000_000n, abs: true }]);
    expect(r.errno).toBe(0);
    expect(r.events).toEqual([{ userdata: 101, error: 0, type: 0, nbytes: 0 }]);
    expect(r.ms).toBeGreaterThanOrEqual(29);
    expect(r.ms).toBeLessThan(150);
  });

  it("does not sleep when stdin or stdout is ready, and says how much stdin is left", () => {
    const r = poll("hello", [{ clock: 5_000_000_000n }, { read: 0 }, { write: 1 }]);
    expect(r.ms).toBeLessThan(1000);
    expect(r.events).toEqual([
      { userdata: 101, error: 0, type: 1, nbytes: 5 },
      { userdata: 102, error: 0, type: 2, nbytes: 0 },
    ]);
  });

  it("answers a descriptor that does not exist with EBADF, an unknown clock with EINVAL, no subscription with EINVAL", () => {
    expect(poll("", [{ read: 7 }]).events).toEqual([{ userdata: 100, error: 8, type: 1, nbytes: 0 }]);
    expect(poll("", [{ clock: 1n, id: 9 }]).events).toEqual([{ userdata: 100, error: 28, type: 0, nbytes: 0 }]);
    expect(poll("", []).errno).toBe(28);
  });

  it("fires an absolute deadline already past at once", () => {
    const r = poll("", [{ clock: -1_000_000n, abs: true }]);
    expect(r.events).toEqual([{ userdata: 100, error: 0, type: 0, nbytes: 0 }]);
    expect(r.ms).toBeLessThan(100);
  });
});
