import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Knows which responses each connection owes right now. Node's closeIdleConnections() skips sockets that have
 * not sent a request yet (clients open spare ones), so a graceful stop closes those itself; and a malformed
 * request on a connection that is still answering another must not be answered over it (client-error.ts).
 */
export class ConnectionTracker {
  private readonly pending = new Map<Socket, ServerResponse[]>();

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.pending.set(socket, []);
      socket.once('close', () => this.pending.delete(socket));
    });
    server.on('request', (req, res) => {
      const responses = this.pending.get(req.socket);
      if (!responses) return;
      responses.push(res);
      res.once('close', () => {
        const index = responses.indexOf(res);
        if (index >= 0) responses.splice(index, 1);
      });
    });
  }

  /** The responses not yet finished on this connection, oldest first. */
  responsesOn(socket: Socket): readonly ServerResponse[] {
    return this.pending.get(socket) ?? [];
  }

  closeIdle(): void {
    for (const [socket, responses] of this.pending) if (responses.length === 0) socket.destroy();
  }
}
