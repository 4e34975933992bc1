// "Berth: Follow Logs": one LogOutputChannel per container (or per compose project, lines prefixed `service | `, as
// `docker compose logs` does), fed by the core follower, which survives restarts. Stop Following and Clear act on
// the channels Berth opened.
import * as vscode from 'vscode';
import { ContainerLogFollower, type FollowLogsOptions } from '../../core/engine/logs/containerLogFollower';
import type { LogLine } from '../../core/engine/logs/logLine';
import type { EngineSession } from '../engine/engineSession';

export interface FollowTarget {
  readonly id: string;
  readonly name: string;
  readonly composeProject: string | undefined;
  readonly composeService: string | undefined;
}

interface Channel {
  readonly key: string;
  readonly title: string;
  readonly output: vscode.LogOutputChannel;
  /** Followers writing into this channel, by container id. */
  readonly followers: Map<string, ContainerLogFollower>;
}

function settings(): FollowLogsOptions & { perProject: boolean } {
  const c = vscode.workspace.getConfiguration('berth.logs');
  const tail = c.get<number>('tail', 200);
  return {
    tail: tail < 0 ? 'all' : tail,
    timestamps: c.get<boolean>('timestamps', false),
    keepAnsi: c.get<boolean>('keepAnsi', false),
    perProject: c.get<string>('channel', 'container') === 'composeProject',
  };
}

/** Batches up to this size get one channel entry (time and level) per line; larger bursts share one per run. */
const LINE_BY_LINE = 64;
/** The most lines one channel entry holds in a burst: each entry costs the host a call, each line only its text. */
const RUN_LINES = 256;

/**
 * stdout at info, stderr at warning: marked, without calling every library's stderr logging an error. In a burst,
 * consecutive lines of one stream share an entry, so that a 100,000-line flood costs the extension host a few
 * hundred calls instead of 100,000 and the editor stays responsive.
 */
function writeLines(output: vscode.LogOutputChannel, prefix: string, lines: readonly LogLine[]): void {
  const write = (stream: LogLine['stream'], text: string): void => {
    if (stream === 'stderr') output.warn(text);
    else output.info(text);
  };
  if (lines.length <= LINE_BY_LINE) {
    for (const line of lines) write(line.stream, `${prefix}${line.text}`);
    return;
  }
  let run: string[] = [];
  let stream: LogLine['stream'] | undefined;
  for (const line of lines) {
    if ((line.stream !== stream || run.length >= RUN_LINES) && stream !== undefined) {
      write(stream, run.join('\n'));
      run = [];
    }
    stream = line.stream;
    run.push(`${prefix}${line.text}`);
  }
  if (stream !== undefined && run.length > 0) write(stream, run.join('\n'));
}

export class LogChannels implements vscode.Disposable {
  private readonly channels = new Map<string, Channel>();
  /** Follows still attaching, by channel and container: a second click waits for the first instead of doubling it. */
  private readonly attaching = new Map<string, Promise<string>>();

  constructor(
    private readonly session: EngineSession,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Keys of the channels that follow something now (for tests and the Stop Following picker). */
  get following(): readonly { key: string; title: string; containers: number }[] {
    return [...this.channels.values()].filter((c) => c.followers.size > 0).map((c) => ({ key: c.key, title: c.title, containers: c.followers.size }));
  }

  get all(): readonly { key: string; title: string }[] {
    return [...this.channels.values()].map((c) => ({ key: c.key, title: c.title }));
  }

  async follow(target: FollowTarget): Promise<string> {
    const options = settings();
    const project = options.perProject ? target.composeProject : undefined;
    const key = project ? `project:${project}` : `container:${target.id}`;
    const title = project ? `Berth: ${project} (compose)` : `Berth: ${target.name}`;
    let channel = this.channels.get(key);
    if (!channel) {
      channel = { key, title, output: vscode.window.createOutputChannel(title, { log: true }), followers: new Map() };
      this.channels.set(key, channel);
    }
    // Shown before the engine answers: the first lines land in a panel that is already open.
    channel.output.show(true);
    if (channel.followers.has(target.id)) return key;
    const pendingKey = `${key}|${target.id}`;
    const pending = this.attaching.get(pendingKey);
    if (pending) return pending;
    const attach = this.attach(channel, target, project !== undefined, options).finally(() => this.attaching.delete(pendingKey));
    this.attaching.set(pendingKey, attach);
    return attach;
  }

  private async attach(channel: Channel, target: FollowTarget, perProject: boolean, options: FollowLogsOptions): Promise<string> {
    const { key, title } = channel;
    const { docker } = await this.session.connect();
    const prefix = perProject ? `${target.composeService ?? target.name} | ` : '';
    const output = channel.output;
    const follower = new ContainerLogFollower(
      docker,
      target.id,
      {
        append: (lines: readonly LogLine[]) => {
          writeLines(output, prefix, lines);
        },
        notice: (message: string) => {
          output.info(`${prefix}── ${message} ──`);
          // A removed container is never followed again: let its follower go.
          if (follower.state === 'removed') channel.followers.delete(target.id);
        },
      },
      options,
    );
    // Only a follower that attached is listed; a failed start leaves nothing behind.
    await follower.start();
    channel.followers.set(target.id, follower);
    this.log.info(`Following the logs of ${target.name} in "${title}"`);
    return key;
  }

  stop(key: string): void {
    const channel = this.channels.get(key);
    if (!channel) return;
    for (const f of channel.followers.values()) f.stop();
    channel.followers.clear();
    channel.output.info('── Berth stopped following ──');
  }

  clear(key: string): void {
    this.channels.get(key)?.output.clear();
  }

  dispose(): void {
    for (const channel of this.channels.values()) {
      for (const f of channel.followers.values()) f.stop();
      channel.output.dispose();
    }
    this.channels.clear();
  }
}
