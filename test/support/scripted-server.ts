import http from "node:http";
import { AddressInfo } from "node:net";

/** One scripted answer: status, JSON (or text) body, headers; `destroy` drops the socket instead. */
export interface ScriptedReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  destroy?: boolean;
}

/**
 * A loopback HTTP server that answers from a script, in order, and records what it received. Used where
 * undici's MockAgent cannot stand in: MockAgent delivers bodies while a RetryHandler has paused the response.
 */
export async function scriptedServer(script: ScriptedReply[]) {
  const received: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const reply = script[Math.min(received.length - 1, script.length - 1)];
      if (reply.destroy) return req.socket.destroy();
      const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections(); // keep-alive sockets would hold the server (and jest) open
    });
  return { url, received, close };
}
