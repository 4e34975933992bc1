// The project name `docker compose` gives a compose file, so Berth finds the containers it started: the file's
// top-level `name`, else COMPOSE_PROJECT_NAME, else the folder's name, normalised as compose does.

/** Lower case; only a-z, 0-9, `_` and `-`; must start with a letter or digit (compose-go's NormalizeProjectName). */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[^a-z0-9]+/, '');
}

export function composeProjectName(folderName: string, topLevelName: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const chosen = topLevelName?.trim() || env.COMPOSE_PROJECT_NAME?.trim() || folderName;
  return normalizeProjectName(chosen);
}
