import { createServer, type AddressInfo, type Server } from "node:net";

/** One PostgreSQL ErrorResponse message ('E'): fields of a type byte and a C string, then a NUL. */
function errorResponse(fields: Record<string, string>): Buffer {
  const body = Buffer.concat([
    ...Object.entries(fields).map(([type, value]) => Buffer.from(`${type}${value}\0`, "utf8")),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write("E", 0, "ascii");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

export interface RefusingPostgres {
  /** A `postgresql://` URL for `pg`. */
  url: string;
  close(): Promise<void>;
}

/** AuthenticationOk then ReadyForQuery (idle): a connection ready for queries. */
const readyForQuery = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]);

export interface RefusalOptions {
  sqlState: string;
  message: string;
  /**
   * Accept the connection first, and send the FATAL in the same write as its ReadyForQuery,
   * as a server shutting down right after a connection was made does.
   */
  afterReady?: boolean;
}

/**
 * A server that answers every PostgreSQL connection as a real one does while it starts up or
 * shuts down: a FATAL ErrorResponse with the given SQLSTATE (e.g. 57P03) in reply to the
 * startup message, then it hangs up. Deterministic, unlike catching a real restart at it.
 */
export async function startRefusingPostgres({
  sqlState,
  message,
  afterReady = false,
}: RefusalOptions): Promise<RefusingPostgres> {
  const fatal = errorResponse({ S: "FATAL", V: "FATAL", C: sqlState, M: message });
  const server: Server = createServer((socket) => {
    socket.on("error", () => undefined);
    socket.once("data", () => socket.end(afterReady ? Buffer.concat([readyForQuery, fatal]) : fatal));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
