/**
 * An unbounded async queue: the producer pushes as data arrives, the consumer
 * iterates at its own pace. Unbounded on purpose: the tools we wrap print a
 * few lines a second, and a consumer that stops reading must never stall the
 * process (which would distort timing measurements).
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly lines: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | undefined;
  private closed = false;

  push(line: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: line, done: false });
    } else this.lines.push(line);
  }

  close(): void {
    this.closed = true;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.lines.length > 0) return Promise.resolve({ value: this.lines.shift() as T, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
    };
  }
}

/** A queue of output lines. */
export class LineQueue extends AsyncQueue<string> {}

/** Split a chunked text stream into lines; call `flush` at the end for a last line without newline. */
export function makeLineSplitter(onLine: (line: string) => void): { write(chunk: string): void; flush(): void } {
  let partial = '';
  return {
    write(chunk) {
      partial += chunk;
      let nl: number;
      while ((nl = partial.indexOf('\n')) >= 0) {
        onLine(partial.slice(0, nl).replace(/\r$/, ''));
        partial = partial.slice(nl + 1);
      }
    },
    flush() {
      if (partial.length > 0) onLine(partial.replace(/\r$/, ''));
      partial = '';
    },
  };
}
