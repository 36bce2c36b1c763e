import { closeSync, openSync, readSync } from 'node:fs';

/** Random bytes read from the kernel at a time: 256 IDs. */
const POOL_BYTES = 512;
let pool: Buffer = Buffer.alloc(0);
let next = 0;

/** POOL_BYTES from /dev/urandom; `undefined` where it cannot be read (Windows). */
function readKernelRandom(): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync('/dev/urandom', 'r');
  } catch {
    return undefined;
  }
  try {
    const bytes = Buffer.alloc(POOL_BYTES);
    return readSync(fd, bytes, 0, POOL_BYTES, null) === POOL_BYTES ? bytes : undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * A random DNS message ID (0-65535), as unpredictable as an answer forger must not find it (RFC 5452): from the
 * kernel's random generator, as node:crypto's are. Read from /dev/urandom, 256 IDs at a time, where there is one:
 * loading node:crypto for it took 2-4 ms of a one-shot query's start-up. Elsewhere (Windows), crypto.randomInt.
 */
export function readRandomId(): number {
  if (next + 2 > pool.length) {
    const fresh = readKernelRandom();
    if (!fresh) return process.getBuiltinModule('node:crypto').randomInt(0, 65536);
    pool = fresh;
    next = 0;
  }
  const id = pool.readUInt16BE(next);
  next += 2;
  return id;
}
