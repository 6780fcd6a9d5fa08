// Forwards connections from a unix socket to a TCP address: run inside the
// control plane's network namespace by lib/supervisor.mjs, so that tests in
// the host's namespace reach the API server on the namespace's loopback.
import { connect, createServer } from "node:net";

const [socket, address] = process.argv.slice(2);
const [host, port] = address.split(":");
createServer((client) => {
  const upstream = connect(Number(port), host);
  client.pipe(upstream).pipe(client);
  const close = () => (client.destroy(), upstream.destroy());
  client.on("error", close);
  upstream.on("error", close);
}).listen(socket);
