// Reads {floats, strings} and writes each list as the runtime's native
// Go-compatible encoder writes it (go-json-go.test.ts compares with Go).
const yoke = (globalThis as { __yoke?: { readStdin(): string; write(fd: 1 | 2, text: string): void; goJSON?(v: unknown): string | undefined } }).__yoke!;
const { floats, strings } = JSON.parse(yoke.readStdin()) as { floats: number[]; strings: string[] };
yoke.write(1, (yoke.goJSON!(floats) ?? "fallback\n") + (yoke.goJSON!(strings) ?? "fallback\n"));
