// The compose reader, node inventories, lint rules, the placement preview's pure parts and the exporters (with yaml,
// dockerfile-ast and dockerfile-utils): loaded the first time a Dockerfile, compose file or preview needs them.
export { readCompose } from '../core/compose/readCompose';
export { readDotEnvBeside } from '../core/compose/readDotEnvBeside';
export { describeServiceDemand } from '../core/compose/describeServiceDemand';
export { readNodeInventory } from '../core/placement/nodes/readNodeInventory';
export { nodesFromKubectl } from '../core/placement/nodes/nodesFromKubectl';
export { servicesToDemands } from '../core/placement/servicesToDemands';
export { exportComposeOverride } from '../core/placement/export/exportComposeOverride';
export { exportKubernetes } from '../core/placement/export/exportKubernetes';
export { applyWhatIf } from '../core/placement/whatIf';
export { solveInWorker } from '../core/placement/solveInWorker';
export { lintDockerfile } from '../core/lint/lintDockerfile';
export { lintCompose } from '../core/lint/lintCompose';
export { lintRules } from '../core/lint/rules';
