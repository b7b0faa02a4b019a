import { parentPort } from 'node:worker_threads';
import { serializeError, type ResultMessage, type TaskMessage } from './workerProtocol.js';

/**
 * Worker side of {@link mapOrdered}: builds the handler once, reports `ready` (or the error that kept it from
 * being built), then answers every task message with the handler's result, or with the error it threw,
 * tagged with the task's sequence number.
 */
export function serveTasks<TTask, TResult>(
  create: () => (task: TTask) => TResult | Promise<TResult>,
  /** Buffers of a result to move to the main thread rather than copy (they are unusable here afterwards). */
  transferOf: (result: TResult) => ArrayBuffer[] = () => [],
): void {
  const port = parentPort;
  if (port === null) throw new Error('serveTasks must run inside a worker thread');
  let handler: (task: TTask) => TResult | Promise<TResult>;
  try {
    handler = create();
  } catch (error) {
    port.postMessage({ ready: false, error: serializeError(error) });
    return;
  }
  port.on('message', async (message: TaskMessage<TTask>) => {
    let reply: ResultMessage<TResult>;
    let transfer: ArrayBuffer[] = [];
    try {
      const result = await handler(message.task);
      transfer = transferOf(result);
      reply = { seq: message.seq, ok: true, result };
    } catch (error) {
      reply = { seq: message.seq, ok: false, error: serializeError(error) };
    }
    port.postMessage(reply, transfer);
  });
  port.postMessage({ ready: true });
}
