// The compression of lazily loaded chunks (our own LZ77-family format; its
// decoder is yf_chunk_decode in packages/runtime/c/chunks.c). Mirrors no yoke
// source.
//
// A compressed chunk is a 4-byte little-endian header holding the
// decompressed size, then sequences. Each sequence is a token byte (high
// nibble: literal count, low nibble: match length - MIN_MATCH; 15 in either
// means "add the extension bytes that follow, each 0-255, until one is not
// 255"), the literal count's extension, the literals, and then, unless the
// input ends there, the match: a 2-byte little-endian offset back into the
// output (1-65535) and the match length's extension. The last sequence has
// literals only (possibly none). The encoder is deterministic: the same bytes in give the
// same bytes out.

import { Writer } from "./wasm/bytes.js";

/** The shortest match the format encodes. */
const MIN_MATCH = 4;
/** The farthest back a match may start. */
const WINDOW = 0xffff;
const HASH_BITS = 15;
/** How many earlier positions with the same hash the encoder tries. */
const MAX_CHAIN = 256;
const HEADER_SIZE = 4;

/** `bytes` compressed; decompressChunk gives them back. */
export function compressChunk(bytes: Uint8Array): Uint8Array {
  const size = bytes.length;
  const out = new Writer().bytes([size & 0xff, (size >>> 8) & 0xff, (size >>> 16) & 0xff, size >>> 24]);
  const finder = new MatchFinder(bytes);
  let literalStart = 0;
  let i = 0;
  while (i + MIN_MATCH <= bytes.length) {
    let match = finder.longest(i);
    if (match.length >= MIN_MATCH) {
      // Lazy matching: a longer match one byte later wins.
      finder.insert(i);
      const next = i + 1 + MIN_MATCH <= bytes.length ? finder.longest(i + 1) : NO_MATCH;
      if (next.length > match.length + 1) {
        i += 1;
        match = next;
        finder.insert(i);
      }
      writeSequence(out, bytes.subarray(literalStart, i), match);
      for (let j = i + 1; j < i + match.length; j++) finder.insert(j);
      i += match.length;
      literalStart = i;
    } else {
      finder.insert(i);
      i += 1;
    }
  }
  writeSequence(out, bytes.subarray(literalStart), NO_MATCH);
  return out.finish();
}

/** The size compressChunk's output decompresses to (its header). */
export function decompressedSize(compressed: Uint8Array): number {
  if (compressed.length < HEADER_SIZE) throw new Error("compressed chunk: shorter than its header");
  return new DataView(compressed.buffer, compressed.byteOffset, HEADER_SIZE).getUint32(0, true);
}

/** The bytes compressChunk compressed (the TypeScript twin of the runtime's C decoder). */
export function decompressChunk(compressed: Uint8Array): Uint8Array {
  const size = decompressedSize(compressed);
  const out = new Uint8Array(size);
  let o = 0;
  let s = HEADER_SIZE;
  const corrupt = (what: string) => new Error(`compressed chunk: ${what} at byte ${s}`);
  const length = (base: number): number => {
    let n = base;
    if (base === 15) {
      let b: number;
      do {
        if (s >= compressed.length) throw corrupt("truncated length");
        b = compressed[s++];
        n += b;
      } while (b === 255);
    }
    return n;
  };
  for (;;) {
    if (s >= compressed.length) throw corrupt("no last sequence");
    const token = compressed[s++];
    const literals = length(token >> 4);
    if (literals > compressed.length - s || literals > size - o) throw corrupt("literals past the end");
    out.set(compressed.subarray(s, s + literals), o);
    s += literals;
    o += literals;
    if (s === compressed.length) break;
    if (compressed.length - s < 2) throw corrupt("truncated offset");
    const offset = compressed[s] | (compressed[s + 1] << 8);
    s += 2;
    const matchLength = length(token & 15) + MIN_MATCH;
    if (offset === 0 || offset > o || matchLength > size - o) throw corrupt("match out of range");
    for (let k = 0; k < matchLength; k++, o++) out[o] = out[o - offset];
  }
  if (o !== size) throw new Error(`compressed chunk: ${o} bytes decoded, the header says ${size}`);
  return out;
}

interface Match {
  offset: number;
  length: number;
}
const NO_MATCH: Match = { offset: 0, length: 0 };

/** A length's extension: 255s, then the rest (0-254). */
function writeExtension(out: Writer, n: number): void {
  for (; n >= 255; n -= 255) out.byte(255);
  out.byte(n);
}

function writeSequence(out: Writer, literals: Uint8Array, match: Match): void {
  const extra = match.length - MIN_MATCH;
  const literalNibble = Math.min(literals.length, 15);
  const matchNibble = match.length === 0 ? 0 : Math.min(extra, 15);
  out.byte((literalNibble << 4) | matchNibble);
  if (literalNibble === 15) writeExtension(out, literals.length - 15);
  out.bytes(literals);
  if (match.length === 0) return;
  out.byte(match.offset & 0xff);
  out.byte(match.offset >> 8);
  if (matchNibble === 15) writeExtension(out, extra - 15);
}

/** Hash chains over the input: where each 4-byte prefix occurred before. */
class MatchFinder {
  private readonly head = new Int32Array(1 << HASH_BITS).fill(-1);
  private readonly previous: Int32Array;
  constructor(private readonly input: Uint8Array) {
    this.previous = new Int32Array(input.length).fill(-1);
  }

  private hash(i: number): number {
    const b = this.input;
    const word = (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
    return Math.imul(word, 2654435761) >>> (32 - HASH_BITS);
  }

  insert(i: number): void {
    if (i + MIN_MATCH > this.input.length) return;
    const h = this.hash(i);
    this.previous[i] = this.head[h];
    this.head[h] = i;
  }

  /** The longest earlier match for position i (the first found among equals: the nearest). */
  longest(i: number): Match {
    const b = this.input;
    let best = NO_MATCH;
    let candidate = this.head[this.hash(i)];
    for (let tries = 0; candidate >= 0 && i - candidate <= WINDOW && tries < MAX_CHAIN; tries++) {
      let n = 0;
      while (i + n < b.length && b[candidate + n] === b[i + n]) n++;
      if (n >= MIN_MATCH && n > best.length) best = { offset: i - candidate, length: n };
      candidate = this.previous[candidate];
    }
    return best;
  }
}
