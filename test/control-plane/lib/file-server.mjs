// Serves a few files over HTTP (GET /<name>), for yoke's ATC to fetch flight
// modules from inside the control plane's network namespace.
// Usage: file-server.mjs <host> <port> <name>=<path>...
import { createReadStream } from "node:fs";
import { createServer } from "node:http";

const [host, port, ...pairs] = process.argv.slice(2);
const files = new Map(pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]));
createServer((req, res) => {
  const file = files.get(new URL(req.url, "http://x").pathname.slice(1));
  if (!file) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": "application/wasm" });
  createReadStream(file).pipe(res);
}).listen(Number(port), host);
