const encoder = new TextEncoder();

/** Lines appended between two encodings: few enough that the pending text stays small. */
const LINES_PER_FLUSH = 64;

/**
 * A chunk's output text, encoded to UTF-8 every few lines. Concatenated lines are trees of short strings
 * that stay alive until the chunk is sent; a whole chunk's worth survived every young-generation GC and
 * was copied, then promoted, on each (about half of a worker's surviving bytes). Bytes in an ArrayBuffer
 * are neither scanned nor copied by the GC, and cross to the main thread without a copy.
 */
export class ByteOutput {
  #bytes: Uint8Array;
  #length = 0;
  #pending = '';
  #lines = 0;

  constructor(initialBytes = 1 << 16) {
    this.#bytes = new Uint8Array(initialBytes);
  }

  /** Appends text (usually one line). */
  append(text: string): void {
    this.#pending += text;
    if (++this.#lines >= LINES_PER_FLUSH) this.#flush();
  }

  /** The bytes written since the last `take`, in a buffer of their own (transferable), and starts afresh. */
  take(): Uint8Array {
    this.#flush();
    const bytes = this.#bytes.slice(0, this.#length);
    this.#length = 0;
    return bytes;
  }

  #flush(): void {
    const text = this.#pending;
    this.#pending = '';
    this.#lines = 0;
    if (text === '') return;
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    const needed = this.#length + 3 * text.length;
    if (needed > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(needed, 2 * this.#bytes.length));
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
    }
    this.#length += encoder.encodeInto(text, this.#bytes.subarray(this.#length)).written;
  }
}
