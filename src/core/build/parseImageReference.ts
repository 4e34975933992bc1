// Image references checked against Docker's grammar (distribution/reference) before anything runs: a tag that
// passes is made of [a-zA-Z0-9._:/@-] only, so it cannot smuggle a space, a quote, `$(…)` or `;` anywhere.

/** A reference split the way the docker CLI normalises it (`ubuntu` -> docker.io/library/ubuntu:latest). */
export interface ImageReference {
  /** Registry host with its port, `docker.io` for Docker Hub. */
  readonly domain: string;
  /** Repository path inside the registry, `library/ubuntu` for an official image. */
  readonly path: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** `docker.io/library/ubuntu`: what the registry and the engine call the repository. */
  readonly repository: string;
}

export class ImageReferenceError extends Error {
  constructor(
    readonly reference: string,
    readonly reason: string,
  ) {
    super(`"${printable(reference)}" is not a valid image name: ${reason}.`);
    this.name = 'ImageReferenceError';
  }
}

export const DOCKER_HUB = 'docker.io';
const NAME_TOTAL_LENGTH_MAX = 255;

const ALPHA_NUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHA_NUMERIC}(?:${SEPARATOR}${ALPHA_NUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const TAG_RE = new RegExp(`^${TAG}$`);
const DIGEST_RE = new RegExp(`^${DIGEST}$`);

/** Parses and normalises `reference`; throws ImageReferenceError saying which part is wrong. */
export function parseImageReference(reference: string): ImageReference {
  const fail = (reason: string): never => {
    throw new ImageReferenceError(reference, reason);
  };
  if (reference.length === 0) fail('it is empty');
  const bad = /[^a-zA-Z0-9._:/@[\]-]/u.exec(reference);
  if (bad) fail(`it contains ${describeChar(bad[0])}; names may only use letters, digits and . _ - : / @`);

  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) fail(`"${digest}" is not a digest (algorithm:hex)`);
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG_RE.test(tag)) fail(`the tag "${tag}" must start with a letter, digit or _ and hold at most 128 of [A-Za-z0-9_.-]`);
  }
  if (rest.length === 0) fail('the repository name is missing');
  if (rest.length > NAME_TOTAL_LENGTH_MAX) fail(`the repository name is longer than ${NAME_TOTAL_LENGTH_MAX} characters`);

  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  // As the CLI decides it: the first component is a registry when it looks like a host name.
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  let domain = hasDomain ? first : DOCKER_HUB;
  let path = hasDomain ? rest.slice(slash + 1) : rest;
  if (hasDomain && !DOMAIN_RE.test(domain)) fail(`"${domain}" is not a registry host[:port]`);
  if (domain === 'index.docker.io') domain = DOCKER_HUB;
  if (path !== path.toLowerCase()) fail('the repository name must be lowercase');
  if (!PATH_RE.test(path)) fail(`"${path}" is not a repository path (lowercase words joined by . _ - or /, no leading or trailing separator)`);
  if (domain === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  return { domain, path, tag, digest, repository: `${domain}/${path}` };
}

/** A message for a name the user typed as a build tag, or undefined when docker would accept it as `-t`. */
export function checkBuildTag(tag: string): string | undefined {
  try {
    const parsed = parseImageReference(tag);
    if (parsed.digest) return `"${printable(tag)}" names a digest: a build can only be tagged name[:tag].`;
    return undefined;
  } catch (error) {
    if (error instanceof ImageReferenceError) return error.message;
    throw error;
  }
}

function describeChar(char: string): string {
  if (char === ' ') return 'a space';
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `a control character (U+${code.toString(16).padStart(4, '0').toUpperCase()})`;
  if (/\s/u.test(char)) return 'white space';
  return `"${char}"`;
}

/** Control characters shown as escapes, so that a hostile name cannot rewrite the terminal line that reports it. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/gu, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}
