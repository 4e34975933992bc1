// The readiness probe of each profile, written with what its image has (Python's urllib, the ollama CLI, bash's
// /dev/tcp), so that no image needs curl. One definition for the Dockerfile's HEALTHCHECK and compose's healthcheck.
import { profiles } from './profiles';
import type { ScaffoldOptions } from './scaffoldTypes';

function httpProbe(python: string, port: number, path: string): string[] {
  return [python, '-c', `import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:${port}${path}', timeout=4).status == 200 else 1)`];
}

/** The probe's command line (exec form, without compose's leading "CMD"). */
export function healthProbe(options: ScaffoldOptions): string[] {
  const port = options.port;
  switch (options.profile) {
    case 'vllm':
      return httpProbe('python3', port, '/health');
    case 'triton':
      return httpProbe('python3', port, '/v2/health/ready');
    case 'ollama':
      // The CLI asks the server it runs beside.
      return ['ollama', 'list'];
    case 'tf-serving':
      // The image has bash but neither curl nor Python.
      return ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`];
    default:
      // An entry point of the user's may have no health route: an open port is what can be checked.
      return options.entryPoint
        ? ['python', '-c', `import socket; socket.create_connection(('127.0.0.1', ${port}), timeout=4).close()`]
        : httpProbe('python', port, profiles[options.profile].healthPath ?? '/health');
  }
}
