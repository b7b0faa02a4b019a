/** Message from the main thread to a worker: one task with its sequence number. */
export interface TaskMessage<TTask> {
  readonly seq: number;
  readonly task: TTask;
}

/** A worker's error, as plain data (Error objects lose their class across threads). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/** Message from a worker back to the main thread. */
export type ResultMessage<TResult> =
  | { readonly seq: number; readonly ok: true; readonly result: TResult }
  | { readonly seq: number; readonly ok: false; readonly error: SerializedError };

/** A worker's first message: its handler was built, or why not (bad rule pack, model, …). */
export type ReadyMessage = { readonly ready: true } | { readonly ready: false; readonly error: SerializedError };

/** Turns anything thrown into plain data that survives `postMessage`. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return error.stack === undefined
      ? { name: error.name, message: error.message }
      : { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: 'Error', message: String(error) };
}
