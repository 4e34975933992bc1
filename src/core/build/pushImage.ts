// Pushes a tagged image through the Engine API with the registry credentials, reporting progress per layer, and
// turns the registry's refusals (401, 403), network failures and a vanished engine into messages that say what to
// do. Every text that leaves this module has been through redactSecrets.
import type Docker from 'dockerode';
import { parseImageReference, printable } from './parseImageReference';
import { redactSecrets } from './redactSecrets';
import type { RegistryAuth } from './resolveRegistryAuth';

export interface PushProgress {
  /** Layer id (short digest); undefined for messages about the whole push. */
  readonly layer: string | undefined;
  /** `Preparing`, `Waiting`, `Pushing`, `Pushed`, `Layer already exists`, `The push refers to repository […]`. */
  readonly status: string;
  readonly currentBytes: number | undefined;
  readonly totalBytes: number | undefined;
}

export interface PushImageOptions {
  readonly onProgress?: (progress: PushProgress) => void;
  readonly signal?: AbortSignal;
}

export interface PushResult {
  /** The manifest digest the registry stored, `sha256:…`. */
  readonly digest: string | undefined;
  readonly tag: string;
}

export type PushFailureKind = 'unauthorized' | 'denied' | 'network' | 'insecure' | 'missing-image' | 'engine' | 'cancelled' | 'other';

export class PushError extends Error {
  constructor(
    readonly kind: PushFailureKind,
    message: string,
    /** The registry's or engine's own words, redacted. */
    readonly detail: string,
  ) {
    super(message);
    this.name = 'PushError';
  }
}

interface PushMessage {
  readonly status?: string;
  readonly id?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string; readonly code?: number };
  readonly aux?: { readonly Tag?: string; readonly Digest?: string };
}

/** `image` must carry the registry it goes to (`registry.example.com/team/app:1`); no tag means `latest`. */
export async function pushImage(docker: Docker, image: string, auth: RegistryAuth | undefined, options: PushImageOptions = {}): Promise<PushResult> {
  const reference = parseImageReference(image);
  const tag = reference.tag ?? 'latest';
  const name = image.slice(0, image.length - (reference.tag === undefined ? 0 : reference.tag.length + 1)).replace(/@.*$/u, '');
  const registry = reference.domain;
  const clean = (text: string) => printable(redactSecrets(text, auth));
  const emit = options.onProgress ?? (() => undefined);
  options.signal?.throwIfAborted();

  let response: NodeJS.ReadableStream;
  try {
    const pushOptions: Record<string, unknown> = { tag, abortSignal: options.signal };
    if (auth) pushOptions.authconfig = auth;
    response = await docker.getImage(name).push(pushOptions);
  } catch (error) {
    if (options.signal?.aborted) throw new PushError('cancelled', 'The push was cancelled.', '');
    const detail = clean(error instanceof Error ? error.message : String(error));
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404) throw new PushError('missing-image', `There is no image ${printable(image)} on this engine: build or tag it first.`, detail);
    throw describeFailure(detail, registry, image, status === undefined);
  }

  return new Promise<PushResult>((resolve, reject) => {
    let pending = '';
    let digest: string | undefined;
    let failure: PushError | undefined;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      (response as unknown as { destroy?: () => void }).destroy?.();
      settle(() => reject(new PushError('cancelled', 'The push was cancelled.', '')));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const handle = (line: string) => {
      if (!line.trim()) return;
      let message: PushMessage;
      try {
        message = JSON.parse(line) as PushMessage;
      } catch {
        return;
      }
      if (message.error !== undefined || message.errorDetail) {
        failure ??= describeFailure(clean(message.errorDetail?.message ?? message.error ?? ''), registry, image, false);
        return;
      }
      if (message.aux?.Digest) digest = message.aux.Digest;
      if (typeof message.status === 'string') {
        emit({ layer: message.id ? clean(message.id) : undefined, status: clean(message.status), currentBytes: message.progressDetail?.current, totalBytes: message.progressDetail?.total });
      }
    };
    response.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        handle(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    });
    const finish = () => {
      handle(pending);
      pending = '';
      settle(() => {
        if (failure) reject(failure);
        else if (digest) resolve({ digest, tag });
        else reject(new PushError('engine', 'The connection to the Docker engine ended before the push finished: the engine may have stopped.', ''));
      });
    };
    response.on('end', finish);
    response.on('close', finish);
    response.on('error', (error: unknown) => {
      settle(() => {
        if (options.signal?.aborted) reject(new PushError('cancelled', 'The push was cancelled.', ''));
        else reject(new PushError('engine', `Lost the Docker engine during the push: ${clean(error instanceof Error ? error.message : String(error))}.`, ''));
      });
    });
  });
}

function describeFailure(detail: string, registry: string, image: string, engineUnreachable: boolean): PushError {
  const login = `docker login ${registry === 'docker.io' ? '' : registry}`.trim();
  if (engineUnreachable) return new PushError('engine', `Cannot reach the Docker engine to push ${printable(image)}: ${detail}`, detail);
  if (/unauthorized|authentication required|\b401\b|no basic auth credentials|incorrect username or password/iu.test(detail)) {
    return new PushError('unauthorized', `The registry ${registry} refused the push: not signed in, or the credentials are wrong (401). Sign in with "${login}" and push again.`, detail);
  }
  if (/denied|forbidden|\b403\b|insufficient_scope/iu.test(detail)) {
    return new PushError('denied', `The registry ${registry} denied the push (403): these credentials may not push to ${printable(image)}. Check the repository name and your access.`, detail);
  }
  if (/server gave HTTP response to HTTPS client/iu.test(detail)) {
    return new PushError('insecure', `The registry ${registry} speaks plain HTTP: add it to "insecure-registries" in the engine's daemon.json, or serve it over TLS.`, detail);
  }
  if (/connection refused|no such host|i\/o timeout|network is unreachable|dial tcp|TLS handshake timeout|connection reset|EOF|certificate/iu.test(detail)) {
    return new PushError('network', `The engine cannot reach the registry ${registry}: ${detail}. Check the address, the network and the engine's proxy settings.`, detail);
  }
  if (/does not exist locally|no such image|tag does not exist/iu.test(detail)) {
    return new PushError('missing-image', `There is no image ${printable(image)} on this engine: build or tag it first.`, detail);
  }
  return new PushError('other', `Pushing ${printable(image)} failed: ${detail}`, detail);
}
