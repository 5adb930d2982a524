import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Knows which responses each connection owes right now. Node's closeIdleConnections() skips sockets that have
 * not sent a request yet (clients open spare ones), so a graceful stop closes those itself; and a malformed
 * request on a connection that is still answering another must not be answered over it (client-error.ts).
 */
export class ConnectionTracker {
  private readonly pending = new Map<Socket, ServerResponse[]>();
  /** Responses not yet finished on any connection. */
  private inFlight = 0;
  private readonly activity = new Set<ActivityListener>();

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.pending.set(socket, []);
      socket.once('close', () => this.pending.delete(socket));
    });
    server.on('request', (req: { socket?: Socket }, res: ServerResponse) => {
      if (this.inFlight++ === 0) for (const listener of this.activity) listener.busy();
      const responses = req.socket ? this.pending.get(req.socket) : undefined;
      responses?.push(res);
      res.once('close', () => {
        const index = responses?.indexOf(res) ?? -1;
        if (index >= 0) responses!.splice(index, 1);
        if (--this.inFlight === 0) for (const listener of this.activity) listener.quiet();
      });
    });
  }

  /** Tells `listener` when the server gets a request with none in flight (busy) and when its last one ends (quiet). */
  onActivity(listener: ActivityListener): () => void {
    this.activity.add(listener);
    return () => this.activity.delete(listener);
  }

  /** The responses not yet finished on this connection, oldest first. */
  responsesOn(socket: Socket): readonly ServerResponse[] {
    return this.pending.get(socket) ?? [];
  }

  closeIdle(): void {
    for (const [socket, responses] of this.pending) if (responses.length === 0) socket.destroy();
  }
}

export interface ActivityListener {
  busy(): void;
  quiet(): void;
}
