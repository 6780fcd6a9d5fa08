// The host side of yoke's ABI, for running flights outside yoke: decode the
// packed strings a flight passes to host.k8s_lookup / host.k8s_rest_mapping,
// and answer with a buffer allocated through the flight's `malloc` export,
// writing the state code on failure, exactly as yokecd/yoke internal/wasi
// does (Error, Malloc, LoadString). The functions, states and messages are
// @yoke-flight/sdk/abi's table.

import { HostState, type HostStateCode } from "@yoke-flight/sdk/abi";

export { HostState, type HostStateCode };

/** A host function's answer: JSON text on success, the error message otherwise. */
export interface HostAnswer {
  state: HostStateCode;
  body: string;
}

export interface HostHandlers {
  lookup(name: string, namespace: string, kind: string, apiVersion: string): HostAnswer;
  restMapping(groupOrApiVersion: string, kind: string): HostAnswer;
}

/** Raised when a flight breaks the ABI (bad pointer, malloc failure): yoke panics there too. */
export class HostAbiError extends Error {
  override name = "HostAbiError";
}

const MASK32 = 0xffffffffn;

export function hostImports(getInstance: () => WebAssembly.Instance, handlers: HostHandlers) {
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

  const answer = (statePtr: number, result: HostAnswer): bigint => {
    if (result.state !== HostState.ok) {
      const mem = memory().buffer;
      if (statePtr + 4 > mem.byteLength) throw new HostAbiError("write state error out of memory range");
      new DataView(mem).setUint32(statePtr, result.state, true);
    }
    return malloc(encoder.encode(result.body));
  };

  return {
    k8s_lookup: (statePtr: number, name: bigint, namespace: bigint, kind: bigint, apiVersion: bigint): bigint =>
      answer(statePtr, handlers.lookup(loadString(name), loadString(namespace), loadString(kind), loadString(apiVersion))),
    k8s_rest_mapping: (statePtr: number, groupOrApiVersion: bigint, kind: bigint): bigint =>
      answer(statePtr, handlers.restMapping(loadString(groupOrApiVersion), loadString(kind))),
  };
}
