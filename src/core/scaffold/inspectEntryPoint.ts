// Reads an entry point's text to run it the way it expects: uvicorn for FastAPI, gunicorn/flask for Flask.
import type { EntryPointApp } from './scaffoldTypes';

export function inspectEntryPoint(text: string): EntryPointApp {
  const fastapi = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*(?:fastapi\.)?FastAPI\(/m.exec(text);
  if (fastapi?.[1]) return { framework: 'fastapi', variable: fastapi[1] };
  const flask = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*(?:flask\.)?Flask\(/m.exec(text);
  if (flask?.[1]) return { framework: 'flask', variable: flask[1] };
  return { framework: 'script', variable: undefined };
}
