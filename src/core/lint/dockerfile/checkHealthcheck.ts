// berth/no-healthcheck: a model server image without HEALTHCHECK. A server is recognised by its base (vLLM, Triton, Ollama,
// TF Serving, TGI, TorchServe), its command (uvicorn, gunicorn, vllm, tritonserver, …) or an EXPOSE.
import { Cmd, Entrypoint, Healthcheck } from 'dockerfile-ast';
import { findingRange, type DockerfileCheck } from './dockerfileCheck';
import { parseImageReference } from './parseImageReference';
import { rootStage, type DockerStage } from './readDockerfile';
import { SERVING_IMAGES } from '../servingImages';

const RULE = 'berth/no-healthcheck';

const SERVER_COMMAND =
  /\b(?:uvicorn|gunicorn|hypercorn|granian|waitress-serve|vllm|tritonserver|tensorflow_model_server|text-generation-launcher|torchserve|bentoml|llama-server|mlflow|streamlit|gradio)\b|\bollama\b.*\bserve\b|\b(?:flask|fastapi)\s+run\b|\bserve\b/;

export function checkHealthcheck(check: DockerfileCheck): void {
  if (!check.enabled(RULE)) return;
  const final = check.model.stages[check.model.stages.length - 1];
  if (!final) return;
  const chain: DockerStage[] = [];
  for (let s: DockerStage | undefined = final; s; s = s.parent) chain.push(s);
  const instructions = chain.flatMap((s) => s.instructions);
  // HEALTHCHECK NONE is a decision, not an omission.
  if (instructions.some((i) => i instanceof Healthcheck)) return;
  const starts = instructions.filter((i) => i instanceof Cmd || i instanceof Entrypoint);
  const image = rootStage(final).image;
  const servingBase = image !== undefined && SERVING_IMAGES.has(parseImageReference(image).repository);
  const serverCommand = starts.some((i) => SERVER_COMMAND.test(i.getTextContent()));
  const exposes = instructions.some((i) => i.getKeyword() === 'EXPOSE');
  if (!servingBase && !serverCommand && !exposes) return;
  const at = starts[0] ?? final.from;
  const message =
    'A model server without HEALTHCHECK: compose, Swarm and load balancers cannot tell when the model has loaded — add HEALTHCHECK --start-period=120s CMD … against its readiness endpoint';
  check.report(RULE, message, findingRange(at.getInstructionRange()));
}
