import { promisify } from 'node:util';
import { constants } from 'node:buffer';
import { gunzip, inflate, inflateRaw } from 'node:zlib';

import { Code, ConnectError } from '@connectrpc/connect';
import type { Compression } from '@connectrpc/connect/protocol';

const decoders = [promisify(gunzip), promisify(inflate), promisify(inflateRaw)];

/**
 * Cursor labels every compressed frame gzip, but some end-of-stream frames are zlib or raw deflate (PROTOCOLS.md §3
 * "Framing"): this is Connect's gzip with a decoder that tries gunzip, then inflate, then inflateRaw. Requests go
 * uncompressed, so it never compresses.
 */
export const lenientGzip: Compression = {
  name: 'gzip',
  compress: () => Promise.reject(new ConnectError('requests to Cursor go uncompressed', Code.Internal)),
  async decompress(bytes, readMaxBytes) {
    if (bytes.byteLength === 0) return new Uint8Array(0);
    for (const decode of decoders) {
      const plain = await decode(bytes, { maxOutputLength: Math.min(readMaxBytes, constants.MAX_LENGTH) }).catch(() => null);
      if (plain) return new Uint8Array(plain);
    }
    throw new ConnectError('a frame marked gzip is neither gzip, zlib nor raw deflate', Code.InvalidArgument);
  },
};
