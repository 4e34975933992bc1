// Every engine call Berth makes for the sidebar has a deadline: a stuck engine must never hang a view or a command.

/**
 * Runs `call(signal)` and rejects after `timeoutMs` with an error naming `name`. The signal it passes aborts the
 * request on timeout or when `outer` aborts, so no socket is left waiting for an answer nobody reads.
 */
export async function callWithTimeout<T>(name: string, timeoutMs: number, outer: AbortSignal | undefined, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  outer?.throwIfAborted();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  // Settles on the first of: the answer, the deadline, the caller's abort; even a call that ignores its signal.
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = Object.assign(new Error(`The Docker Engine did not answer ${name} within ${formatSeconds(timeoutMs)}.`), {
        name: 'EngineTimeoutError',
        call: name,
        timeoutMs,
      });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    onAbort = () => {
      const reason: unknown = outer?.reason;
      controller.abort(reason);
      reject(reason instanceof Error ? reason : new Error(`${name} was cancelled.`));
    };
    outer?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([call(controller.signal), stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) outer?.removeEventListener('abort', onAbort);
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
