// Scaffolding's detection, compatibility tables and renderers (with yaml, smol-toml, pep440): loaded on first use.
export { detectProject } from '../core/scaffold/detectProject';
export { defaultScaffoldOptions } from '../core/scaffold/defaultScaffoldOptions';
export { scaffoldProject } from '../core/scaffold/scaffoldProject';
