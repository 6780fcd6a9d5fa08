// A scripted FlightHost for running SDK code in Node.
import { hostCalls } from "@yoke-flight/sdk/abi";
import type { FlightHost, HostReply } from "@yoke-flight/sdk";

export interface Script {
  stdin?: string;
  env?: Record<string, string>;
  args?: string[];
  lookup?: (name: string, namespace: string, kind: string, apiVersion: string) => HostReply;
  restMapping?: (gv: string, kind: string) => HostReply;
}

export function scriptedHost(script: Script = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const host: FlightHost = {
    readStdin: () => script.stdin ?? "",
    write: (fd, text) => void (fd === 1 ? out : err).push(text),
    env: () => script.env ?? {},
    args: () => script.args ?? ["release"],
    ...hostCalls((): (() => HostReply) => () => [1, ""]),
    ...(script.lookup && { lookup: script.lookup }),
    ...(script.restMapping && { restMapping: script.restMapping }),
    exit: (code) => {
      throw new Error(`exit ${code}`);
    },
  };
  return { host, stdout: () => out.join(""), stderr: () => err.join("") };
}
