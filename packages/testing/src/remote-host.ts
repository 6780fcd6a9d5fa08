// Host functions answered on the main thread for a flight running in a
// worker: yoke's host functions are synchronous for the flight, while a live
// cluster answers asynchronously. The worker posts the call on a
// MessagePort and sleeps on a shared counter (Atomics.wait) until the main
// thread has posted the answer, then takes it with receiveMessageOnPort.
import { MessageChannel, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { HostState, type HostHandlers, type HostReply } from "@yoke-flight/runtime";
import { hostCalls, invokeHost, type HostCall } from "@yoke-flight/sdk/abi";
import type { AsyncHostHandlers } from "./live-host.js";

export interface RemoteHost {
  port: MessagePort;
  /** One Int32: how many answers the main thread has posted. */
  answered: SharedArrayBuffer;
}

interface Call {
  call: HostCall;
  args: string[];
}

/** Main thread: answers the worker's calls with these handlers until close(). */
export function serveHost(handlers: AsyncHostHandlers): { remote: RemoteHost; close(): void } {
  const { port1, port2 } = new MessageChannel();
  const answered = new SharedArrayBuffer(4);
  const counter = new Int32Array(answered);
  port1.on("message", async ({ call, args }: Call) => {
    let answer: HostReply;
    try {
      answer = await invokeHost(handlers, call, args);
    } catch (e) {
      // A transport failure (no route, a TLS error): yoke's errHandler passes err.Error() on as StateError.
      answer = [HostState.error, (e as Error).message];
    }
    port1.postMessage(answer);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  });
  return { remote: { port: port2, answered }, close: () => port1.close() };
}

/** Worker: synchronous host handlers that wait for the main thread's answers. */
export function remoteHandlers({ port, answered }: RemoteHost): HostHandlers {
  const counter = new Int32Array(answered);
  const ask = (call: Call): HostReply => {
    let seen = Atomics.load(counter, 0);
    port.postMessage(call);
    for (;;) {
      const received = receiveMessageOnPort(port);
      if (received) return received.message as HostReply;
      Atomics.wait(counter, 0, seen);
      seen = Atomics.load(counter, 0);
    }
  };
  return hostCalls(
    (call) =>
      (...args) =>
        ask({ call, args }),
  );
}
