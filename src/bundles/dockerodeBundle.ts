// dockerode and its transports (ssh2, grpc for BuildKit): about 900 KB, loaded the first time Berth talks to an engine.
import Docker from 'dockerode';

export { Docker };
