// Never returns.
// biome-ignore lint/correctness/noUnusedVariables: the loop's busy work, never read
let n = 0;
for (;;) n++;
