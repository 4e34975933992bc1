// dockerode and its transports (ssh2, grpc for BuildKit), with what drives an engine through it (Swarm apply, build, push): loaded the first time Berth talks to an engine.
import Docker from 'dockerode';

export { Docker };
// Swarm: the nodes a plan can use, and carrying a plan out.
export { nodesFromSwarm } from '../core/placement/swarm/nodesFromSwarm';
export { applyPlanToSwarm } from '../core/placement/swarm/applyPlanToSwarm';
export { observeSwarmPlacement } from '../core/placement/swarm/observeSwarmPlacement';
export { comparePlacement } from '../core/placement/swarm/comparePlacement';
// Building and pushing images, and the docker CLI's abilities.
export { detectDockerCli } from '../core/build/detectDockerCli';
export { checkBuild } from '../core/build/buildOptions';
export { scanContext } from '../core/build/scanContext';
export { dockerignoreAdditions } from '../core/build/dockerignoreAdditions';
export { dockerBuildArgs } from '../core/build/dockerBuildArgs';
export { parseBuildFailure } from '../core/build/parseBuildFailure';
export { buildWithEngine, BuildFailedError } from '../core/build/buildWithEngine';
export { checkBuildTag } from '../core/build/parseImageReference';
export { resolveRegistryAuth } from '../core/build/resolveRegistryAuth';
export { pushImage, PushError } from '../core/build/pushImage';
export { redactSecrets } from '../core/build/redactSecrets';
export { runSpecFromDockerfile } from '../core/build/runSpecFromDockerfile';
