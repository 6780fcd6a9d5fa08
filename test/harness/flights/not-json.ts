// Writes something that is not a flight output to stdout.
(globalThis as unknown as { __yoke: { write(fd: number, text: string): void } }).__yoke.write(1, "Deployment web is ready\n");
