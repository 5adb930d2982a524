import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Knows which connections carry a request right now. Node's closeIdleConnections() skips sockets that have
 * not sent a request yet (clients open spare ones), so a graceful stop closes those itself.
 */
export class ConnectionTracker {
  private readonly busy = new Map<Socket, number>();

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.busy.set(socket, 0);
      socket.once('close', () => this.busy.delete(socket));
    });
    server.on('request', (req, res) => {
      const socket = req.socket;
      this.busy.set(socket, (this.busy.get(socket) ?? 0) + 1);
      res.once('close', () => {
        if (this.busy.has(socket)) this.busy.set(socket, Math.max(0, (this.busy.get(socket) ?? 1) - 1));
      });
    });
  }

  closeIdle(): void {
    for (const [socket, requests] of this.busy) if (requests === 0) socket.destroy();
  }
}
