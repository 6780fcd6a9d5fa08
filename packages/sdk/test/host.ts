// A scripted FlightHost for running SDK code in Node.
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
    lookup: script.lookup ?? (() => [1, ""]),
    restMapping: script.restMapping ?? (() => [1, ""]),
    exit: (code) => {
      throw new Error(`exit ${code}`);
    },
  };
  return { host, stdout: () => out.join(""), stderr: () => err.join("") };
}
