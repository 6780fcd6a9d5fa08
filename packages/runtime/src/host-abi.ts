// The host side of yoke's ABI, for running flights outside yoke: decode the
// packed strings a flight passes to each host function (host.k8s_lookup,
// host.k8s_rest_mapping, ...), and answer with a buffer allocated through the
// flight's `malloc` export, writing the state code on failure, exactly as
// yokecd/yoke internal/wasi does (Error, Malloc, LoadString). The functions,
// states and messages are @yoke-flight/sdk/abi's table; one import per entry.

import { HOST_FUNCTION_ENTRIES, HostState, invokeHost, type HostCalls, type HostFunctionName, type HostReply, type HostStateCode } from "@yoke-flight/sdk/abi";

export { HostState, type HostReply, type HostStateCode };

/**
 * What answers the host functions: one method per entry of the table, taking
 * its strings and returning [state, text] (JSON text on success, the error
 * message otherwise), the shape the flight's SDK gets too.
 */
export type HostHandlers = HostCalls<HostReply>;

/** A host import as the flight calls it: (i32 state pointer, an i64 per string) -> i64. */
export type HostImport = (statePtr: number, ...packed: bigint[]) => bigint;

/** Raised when a flight breaks the ABI (bad pointer, malloc failure): yoke panics there too. */
export class HostAbiError extends Error {
  override name = "HostAbiError";
}

const MASK32 = 0xffffffffn;

export function hostImports(getInstance: () => WebAssembly.Instance, handlers: HostHandlers): Record<HostFunctionName, HostImport> {
  const memory = () => getInstance().exports.memory as WebAssembly.Memory;
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();

  const loadString = (packed: bigint): string => {
    if (packed === 0n) return "";
    const ptr = Number(BigInt.asUintN(64, packed) >> 32n);
    const len = Number(packed & MASK32);
    const buffer = memory().buffer;
    if (ptr + len > buffer.byteLength) throw new HostAbiError("memory read out of bounds");
    return decoder.decode(new Uint8Array(buffer, ptr, len));
  };

  const malloc = (data: Uint8Array): bigint => {
    const fn = getInstance().exports.malloc;
    if (typeof fn !== "function") throw new HostAbiError("the flight does not export malloc");
    const buffer = BigInt.asUintN(64, BigInt((fn as (n: number) => bigint)(data.length)));
    const ptr = Number(buffer >> 32n);
    // Re-read the buffer: malloc may have grown memory.
    const mem = memory().buffer;
    if (ptr + data.length > mem.byteLength) throw new HostAbiError("write to memory out of range");
    new Uint8Array(mem, ptr, data.length).set(data);
    return buffer;
  };

  const answer = (statePtr: number, [state, text]: HostReply): bigint => {
    if (state !== HostState.ok) {
      const mem = memory().buffer;
      if (statePtr + 4 > mem.byteLength) throw new HostAbiError("write state error out of memory range");
      new DataView(mem).setUint32(statePtr, state, true);
    }
    return malloc(encoder.encode(text));
  };

  const imports = {} as Record<HostFunctionName, HostImport>;
  for (const [name, { call, params }] of HOST_FUNCTION_ENTRIES) {
    imports[name] = (statePtr, ...packed) =>
      answer(
        statePtr,
        invokeHost(
          handlers,
          call,
          params.map((_, i) => loadString(packed[i]!)),
        ),
      );
  }
  return imports;
}
