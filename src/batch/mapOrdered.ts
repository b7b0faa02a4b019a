import type { Worker } from 'node:worker_threads';
import type { ReadyMessage, ResultMessage, SerializedError } from './_lib/workerProtocol.js';

/** Options of {@link mapOrdered}. */
export interface MapOrderedOptions<TTask, TResult> {
  /**
   * Worker threads to start. With 1 (or less) no thread is started and `inProcess` runs every task on this
   * thread: the same handler, hence the same bytes.
   */
  readonly workers: number;
  /**
   * Starts one worker thread that answers tasks (see `serveTasks`). Required when `workers` > 1. Every
   * worker must report ready before the first task is read, so a configuration error surfaces before
   * any output.
   */
  readonly spawn?: () => Worker;
  /** Builds the handler used when `workers` <= 1. */
  readonly inProcess: () => (task: TTask) => TResult | Promise<TResult>;
  /**
   * Most tasks read but not yet handed back. This bounds memory: a slow consumer stops the reading.
   * @default 3 × workers (at least 2)
   */
  readonly maxInFlight?: number;
  /**
   * How a task crosses to a worker thread: the message and the buffers moved rather than copied. By
   * default the task as it is.
   */
  readonly toWorker?: (task: TTask) => { readonly task: TTask; readonly transfer: ArrayBuffer[] };
}

interface Pending<TResult> {
  readonly promise: Promise<TResult>;
  resolve(value: TResult): void;
  reject(error: Error): void;
  worker: number;
}

function pending<TResult>(): Pending<TResult> {
  let resolve!: (value: TResult) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<TResult>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Failures are awaited in order later; this keeps one early failure from counting as "unhandled".
  promise.catch(() => undefined);
  return { promise, resolve, reject, worker: -1 };
}

function reviveError(error: SerializedError): Error {
  const revived = new Error(error.message);
  revived.name = error.name;
  if (error.stack !== undefined) revived.stack = error.stack;
  return revived;
}

/**
 * Maps tasks through a pool of worker threads and yields the results in task order, whatever order the
 * workers finish in. At most `maxInFlight` tasks are outstanding, so memory stays flat on any input size.
 *
 * @param tasks - read lazily, one at a time, only while fewer than `maxInFlight` results are waiting
 * @returns the results, in the order of `tasks`
 */
export async function* mapOrdered<TTask, TResult>(
  tasks: AsyncIterable<TTask>,
  options: MapOrderedOptions<TTask, TResult>,
): AsyncGenerator<TResult> {
  const threads = Math.max(1, Math.floor(options.workers));
  const maxInFlight = Math.max(2, options.maxInFlight ?? threads * 3);
  const iterator = tasks[Symbol.asyncIterator]();

  if (threads === 1 || options.spawn === undefined) {
    // One thread: read one task ahead is pointless; handle them as they come.
    const handle = options.inProcess();
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield await handle(next.value);
      }
    } finally {
      await iterator.return?.();
    }
  }

  const waiting = new Map<number, Pending<TResult>>();
  const load: number[] = [];
  const workers: Worker[] = [];
  let failure: Error | undefined;
  const failAll = (error: Error): void => {
    failure ??= error;
    for (const entry of waiting.values()) entry.reject(failure);
  };
  const ready: Promise<void>[] = [];
  try {
    for (let index = 0; index < threads; index++) {
      const worker = options.spawn();
      const slot = index;
      load.push(0);
      const started = pending<void>();
      ready.push(started.promise);
      worker.on('message', (message: ResultMessage<TResult> | ReadyMessage) => {
        if ('ready' in message) {
          if (message.ready) started.resolve();
          else started.reject(reviveError(message.error));
          return;
        }
        const entry = waiting.get(message.seq);
        if (entry === undefined) return;
        load[slot] = (load[slot] ?? 1) - 1;
        if (message.ok) entry.resolve(message.result);
        else entry.reject(reviveError(message.error));
      });
      worker.on('error', (error) => {
        const cause = error instanceof Error ? error : new Error(String(error));
        started.reject(cause);
        failAll(cause);
      });
      worker.on('exit', (code) => {
        const cause = new Error(`worker thread ${slot + 1} stopped with exit code ${code}`);
        started.reject(cause);
        const open = [...waiting.values()].some((entry) => entry.worker === slot);
        if (open || code !== 0) failAll(cause);
      });
      workers.push(worker);
    }
    await Promise.all(ready);

    let sent = 0;
    let handed = 0;
    let done = false;
    for (;;) {
      while (!done && failure === undefined && sent - handed < maxInFlight) {
        const next = await iterator.next();
        if (next.done === true) {
          done = true;
          break;
        }
        // Least-loaded worker; ties go to the lowest index so that dispatch is reproducible.
        let slot = 0;
        for (let index = 1; index < load.length; index++) if ((load[index] ?? 0) < (load[slot] ?? 0)) slot = index;
        const entry = pending<TResult>();
        entry.worker = slot;
        waiting.set(sent, entry);
        load[slot] = (load[slot] ?? 0) + 1;
        if (options.toWorker === undefined) workers[slot]?.postMessage({ seq: sent, task: next.value });
        else {
          const { task, transfer } = options.toWorker(next.value);
          workers[slot]?.postMessage({ seq: sent, task }, transfer);
        }
        sent++;
      }
      if (failure !== undefined) throw failure;
      if (handed === sent) return;
      const entry = waiting.get(handed);
      if (entry === undefined) throw new Error(`internal: no task ${handed} in flight`);
      const result = await entry.promise;
      waiting.delete(handed);
      handed++;
      yield result;
    }
  } finally {
    // Handing back a result means its worker is idle for it; stop the threads whatever happened.
    for (const worker of workers) worker.removeAllListeners('exit');
    await Promise.all(workers.map((worker) => worker.terminate()));
    await iterator.return?.();
  }
}
