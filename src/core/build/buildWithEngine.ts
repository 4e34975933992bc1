// Builds an image through the Engine API (dockerode) when there is no docker CLI: the context streamed from disk,
// BuildKit when the engine offers it and the classic builder otherwise, every step and output line reported as a
// BuildEvent, and a failure mapped to its Dockerfile line.
import type Docker from 'dockerode';
import * as path from 'node:path';
import { BuildInputError, checkBuild, type BuildOptions } from './buildOptions';
import { createContextStream, type ContextStats, type ContextTarStream } from './createContextStream';
import { decodeBuildkitStatus } from './decodeBuildkitStatus';
import { DockerfileSteps } from './dockerfileSteps';
import { summarize, type BuildFailure } from './parseBuildFailure';

export type BuildEvent =
  /** A step started: `Step 2/5 : RUN make` (classic) or `[2/5] RUN make` (BuildKit). `line` is its Dockerfile line. */
  | { readonly kind: 'step'; readonly label: string; readonly line: number | undefined; readonly cached: boolean }
  /** Output of a step or of the builder, as written (may hold several lines or end mid-line). */
  | { readonly kind: 'output'; readonly text: string }
  /** Pull or transfer progress, one line each. */
  | { readonly kind: 'status'; readonly text: string }
  /** Something Berth itself says: the builder it chose, the context it sent. */
  | { readonly kind: 'note'; readonly text: string };

export type Builder = 'buildkit' | 'classic';

export interface BuildWithEngineOptions {
  readonly onProgress?: (event: BuildEvent) => void;
  readonly signal?: AbortSignal;
  /** `auto` (default): BuildKit when the engine offers it (API 1.39+, Linux), else the classic builder. */
  readonly builder?: Builder | 'auto';
  /** `.dockerignore` rules; default: the context's `.dockerignore`. */
  readonly ignoreText?: string;
}

export interface BuildResult {
  readonly imageId: string;
  readonly builder: Builder;
  readonly context: ContextStats;
}

export class BuildFailedError extends Error {
  constructor(readonly failure: BuildFailure) {
    super(failure.summary);
    this.name = 'BuildFailedError';
  }
}

/** The engine went away, or the request was refused, before the build could finish. */
export class BuildConnectionError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'BuildConnectionError';
  }
}

export async function buildWithEngine(docker: Docker, options: BuildOptions, run: BuildWithEngineOptions = {}): Promise<BuildResult> {
  const checked = await checkBuild(options);
  const emit = run.onProgress ?? (() => undefined);
  run.signal?.throwIfAborted();
  let builder = run.builder === 'classic' || run.builder === 'buildkit' ? run.builder : await preferredBuilder(docker, run.signal);
  const steps = new DockerfileSteps(checked.dockerfileText);
  const dockerfileName = path.basename(checked.dockerfilePath);
  emit({ kind: 'note', text: builder === 'buildkit' ? 'Building with BuildKit through the Engine API' : 'Building with the classic builder through the Engine API' });

  for (;;) {
    const context = createContextStream(checked.contextDir, { dockerfile: checked.dockerfilePath, ignoreText: run.ignoreText });
    // A file that cannot be read cuts the upload short; its own error says more than the engine's "unexpected EOF".
    let contextError: Error | undefined;
    context.stream.once('error', (error: Error) => (contextError = error));
    try {
      const response = await startBuild(docker, options, builder, context.dockerfile, context.stream, run.signal);
      void context.stats.then(
        (s) => emit({ kind: 'note', text: `Sent the build context: ${s.files} files, ${formatMegabytes(s.bytes)}` }),
        () => undefined,
      );
      const outcome = await readBuildOutput(response, builder, steps, emit, run.signal);
      if ('failure' in outcome) {
        const { line, endLine, step, message } = outcome.failure;
        throw new BuildFailedError({ line, endLine, step, message, summary: summarize(dockerfileName, line, step, message) });
      }
      return { imageId: outcome.imageId, builder, context: await context.stats };
    } catch (error) {
      if (contextError) throw new BuildInputError([`The build context could not be read: ${contextError.message}`]);
      if (error instanceof BuildkitRefused && builder === 'buildkit' && run.builder !== 'buildkit') {
        emit({ kind: 'note', text: `BuildKit is not available through this engine (${error.message}); building with the classic builder` });
        builder = 'classic';
        continue;
      }
      throw error;
    } finally {
      context.stream.destroy();
    }
  }
}

async function preferredBuilder(docker: Docker, signal: AbortSignal | undefined): Promise<Builder> {
  try {
    const ask = docker.version.bind(docker) as unknown as (options: object) => Promise<{ ApiVersion?: string; Os?: string }>;
    const version = await ask({ abortSignal: signal });
    const [major = 0, minor = 0] = (version.ApiVersion ?? '0.0').split('.').map(Number);
    return version.Os === 'linux' && (major > 1 || (major === 1 && minor >= 39)) ? 'buildkit' : 'classic';
  } catch (error) {
    throw connectionError(error, 'asking the engine for its version');
  }
}

/** BuildKit was refused by the engine: build again with the classic builder. */
class BuildkitRefused extends Error {}

async function startBuild(
  docker: Docker,
  options: BuildOptions,
  builder: Builder,
  dockerfile: string,
  context: ContextTarStream,
  signal: AbortSignal | undefined,
): Promise<NodeJS.ReadableStream> {
  const query: Record<string, unknown> = {
    dockerfile,
    t: options.tags && options.tags.length > 0 ? [...options.tags] : undefined,
    buildargs: options.buildArgs,
    labels: options.labels,
    target: options.target,
    platform: options.platform,
    networkmode: options.network,
    nocache: options.noCache,
    pull: options.pull,
    rm: true,
    forcerm: true,
  };
  if (builder === 'buildkit') query.version = '2';
  const defined = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
  try {
    return await dialBuild(docker, defined, context, signal);
  } catch (error) {
    if (signal?.aborted) throw abortError(signal);
    const status = (error as { statusCode?: number }).statusCode;
    // An engine without BuildKit through the API refuses `version=2`: no reason to fail, the classic builder is there.
    if (builder === 'buildkit' && (status === 400 || status === 404 || status === 501)) throw new BuildkitRefused(describe(error));
    if (typeof status === 'number') throw new BuildConnectionError(`The engine refused the build (HTTP ${status}): ${describe(error)}`, error);
    throw connectionError(error, 'starting the build');
  }
}

interface EngineMessage {
  readonly stream?: string;
  readonly status?: string;
  readonly progress?: string;
  readonly id?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
  readonly aux?: unknown;
}

type Outcome = { readonly imageId: string } | { readonly failure: Omit<BuildFailure, 'summary'> };

function readBuildOutput(
  response: NodeJS.ReadableStream,
  builder: Builder,
  steps: DockerfileSteps,
  emit: (event: BuildEvent) => void,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    let pending = '';
    let imageId: string | undefined;
    let failure: Omit<BuildFailure, 'summary'> | undefined;
    let lastStep: { label: string; line: number | undefined; endLine: number | undefined } | undefined;
    const vertexes = new Map<string, { name: string; announced: boolean }>();
    let failedVertex: string | undefined;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      (response as unknown as { destroy?: () => void }).destroy?.();
      settle(() => reject(abortError(signal)));
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const classicText = (text: string) => {
      emit({ kind: 'output', text });
      for (const line of text.split('\n')) {
        const step = /^Step (\d+)\/\d+ : (.*)$/u.exec(line);
        if (!step) continue;
        const located = steps.classicStep(Number(step[1]));
        lastStep = { label: step[2] ?? '', line: located?.line, endLine: located?.endLine };
        emit({ kind: 'step', label: line, line: located?.line, cached: false });
      }
      const built = /Successfully built ([0-9a-f]{12,})/u.exec(text);
      if (built && !imageId) imageId = built[1];
    };

    const buildkitTrace = (aux: string) => {
      const status = decodeBuildkitStatus(aux);
      for (const v of status.vertexes) {
        const known = vertexes.get(v.digest) ?? { name: v.name, announced: false };
        vertexes.set(v.digest, known);
        if (!known.announced && (v.started || v.cached)) {
          known.announced = true;
          emit({ kind: 'step', label: v.name, line: steps.buildkitVertex(v.name)?.line, cached: v.cached });
        }
        if (v.error && !failedVertex) failedVertex = v.digest;
      }
      for (const log of status.logs) emit({ kind: 'output', text: log.text });
      for (const s of status.statuses) {
        if (s.total > 0) emit({ kind: 'status', text: `${s.id}: ${formatMegabytes(s.current)} / ${formatMegabytes(s.total)}` });
      }
    };

    const handle = (message: EngineMessage) => {
      if (message.error !== undefined || message.errorDetail) {
        const text = message.errorDetail?.message ?? message.error ?? 'the build failed';
        if (builder === 'buildkit') {
          const name = failedVertex ? vertexes.get(failedVertex)?.name : undefined;
          const located = name ? steps.buildkitVertex(name) : undefined;
          failure ??= { line: located?.line, endLine: located?.endLine, step: name?.replace(/^\[[^\]]*\]\s*/u, ''), message: text };
        } else {
          failure ??= { line: lastStep?.line, endLine: lastStep?.endLine, step: lastStep?.label, message: text };
        }
        return;
      }
      if (message.id === 'moby.buildkit.trace' && typeof message.aux === 'string') {
        buildkitTrace(message.aux);
        return;
      }
      const auxId = (message.aux as { ID?: unknown } | undefined)?.ID;
      if (typeof auxId === 'string') {
        imageId = auxId;
        return;
      }
      if (typeof message.stream === 'string') {
        classicText(message.stream);
        return;
      }
      if (typeof message.status === 'string') {
        emit({ kind: 'status', text: [message.id, message.status, message.progress].filter(Boolean).join(' ') });
      }
    };

    const consume = (line: string) => {
      if (!line.trim()) return;
      try {
        handle(JSON.parse(line) as EngineMessage);
      } catch (error) {
        if (error instanceof SyntaxError) emit({ kind: 'output', text: `${line}\n` });
        else throw error;
      }
    };

    response.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        consume(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    });
    response.on('error', (error: unknown) => {
      settle(() => reject(signal?.aborted ? abortError(signal) : connectionError(error, 'reading the build output')));
    });
    response.on('end', () => {
      consume(pending);
      settle(() => {
        if (failure) resolve({ failure });
        else if (imageId) resolve({ imageId });
        else reject(new BuildConnectionError('The connection to the Docker engine ended before the build finished: the engine may have stopped. The image was not built.'));
      });
    });
    // An engine that dies mid-build may close the socket without an error or an end.
    response.on('close', () => {
      settle(() => {
        if (failure) resolve({ failure });
        else if (imageId) resolve({ imageId });
        else reject(new BuildConnectionError('The connection to the Docker engine closed before the build finished: the engine may have stopped. The image was not built.'));
      });
    });
  });
}

function connectionError(error: unknown, during: string): BuildConnectionError {
  const code = (error as { code?: string }).code;
  const hint =
    code === 'ECONNREFUSED' || code === 'ENOENT'
      ? 'the Docker engine is not running or not reachable'
      : code === 'ECONNRESET' || code === 'EPIPE'
        ? 'the engine closed the connection (did it stop?)'
        : describe(error);
  return new BuildConnectionError(`Lost the Docker engine while ${during}: ${hint}.`, error);
}

/**
 * POST /build as dockerode's buildImage does, minus the BuildKit session it opens for `version=2`: the context is
 * uploaded as a tar, which BuildKit reads without a session (checked on engine 20.10), and the session would load
 * gRPC and .proto files from beside dockerode's sources, which a bundle does not carry.
 */
function dialBuild(docker: Docker, query: Record<string, unknown>, context: ContextTarStream, signal: AbortSignal | undefined): Promise<NodeJS.ReadableStream> {
  const modem = docker.modem as unknown as { dial: (options: object, callback: (error: unknown, stream: NodeJS.ReadableStream) => void) => void };
  return new Promise((resolve, reject) => {
    modem.dial(
      {
        path: '/build?',
        method: 'POST',
        file: context,
        options: query,
        abortSignal: signal,
        isStream: true,
        statusCodes: { 200: true, 500: 'server error' },
      },
      (error, stream) => (error ? reject(error instanceof Error ? error : new Error(describe(error))) : resolve(stream)),
    );
  });
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('The build was cancelled.');
  error.name = 'AbortError';
  return error;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatMegabytes(bytes: number): string {
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
