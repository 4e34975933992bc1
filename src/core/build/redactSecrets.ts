// Removes registry secrets from text before it reaches a log, a terminal or the output channel: the password and
// tokens themselves, the `user:password` base64 of config.json, the X-Registry-Auth header value, and any
// Authorization header or "password" field that an error might echo.
import type { RegistryAuth } from './resolveRegistryAuth';

export const REDACTED = '********';

export function redactSecrets(text: string, auth?: RegistryAuth): string {
  let out = text;
  const secrets = new Set<string>();
  if (auth) {
    for (const value of [auth.password, auth.identitytoken, auth.registrytoken]) if (value) secrets.add(value);
    if (auth.username && auth.password) {
      const basic = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
      secrets.add(basic);
      secrets.add(basic.replace(/=+$/u, ''));
    }
    // docker-modem's encoding of the header (base64url of the JSON), and plain base64 as other clients send it.
    const json = Buffer.from(JSON.stringify(auth)).toString('base64');
    secrets.add(json);
    secrets.add(json.replace(/\+/gu, '-').replace(/\//gu, '_'));
    // JSON escaping changes how a secret with quotes or backslashes looks inside an echoed body.
    for (const value of [auth.password, auth.identitytoken, auth.registrytoken]) if (value) secrets.add(JSON.stringify(value).slice(1, -1));
  }
  // Longest first, so that a secret containing another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(/(authorization\s*[:=]\s*(?:basic|bearer)\s+)[A-Za-z0-9+/=._~-]+/giu, `$1${REDACTED}`)
    .replace(/(x-registry-auth\s*[:=]\s*)[A-Za-z0-9+/=_-]+/giu, `$1${REDACTED}`)
    .replace(/("(?:password|secret|identitytoken|registrytoken|auth)"\s*:\s*")(?:[^"\\]|\\.)*"/giu, `$1${REDACTED}"`);
}
