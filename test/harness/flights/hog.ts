// Allocates without bound.
const hoard: string[][] = [];
for (;;) hoard.push(new Array(100_000).fill("memory"));
