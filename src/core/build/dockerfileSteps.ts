// Maps what a builder says about a step back to the Dockerfile line it came from: the classic builder's
// `Step 4/7 : RUN …` counts every instruction of the file, BuildKit's `[stage 2/5] RUN …` counts within a stage.
import { DockerfileParser } from 'dockerfile-ast';

const STEP_KEYWORDS: readonly ReadonlySet<string>[] = [new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']), new Set(['RUN', 'COPY', 'ADD'])];

interface Instruction {
  readonly keyword: string;
  /** Keyword and arguments with line continuations joined and white space collapsed. */
  readonly text: string;
  /** 1-based, as builders print them. */
  readonly line: number;
  readonly endLine: number;
}

interface Stage {
  readonly name: string | undefined;
  readonly from: Instruction;
  readonly commands: Instruction[];
}

export interface StepLocation {
  /** 1-based first line of the instruction. */
  readonly line: number;
  readonly endLine: number;
  readonly instruction: string;
}

export class DockerfileSteps {
  private readonly instructions: Instruction[] = [];
  private readonly stages: Stage[] = [];

  constructor(text: string) {
    const document = DockerfileParser.parse(text);
    for (const instruction of document.getInstructions()) {
      const range = instruction.getRange();
      const keyword = instruction.getKeyword().toUpperCase();
      const parsed: Instruction = {
        keyword,
        text: collapse(`${keyword} ${instruction.getArgumentsContent() ?? ''}`),
        line: range.start.line + 1,
        endLine: range.end.line + 1,
      };
      this.instructions.push(parsed);
      if (keyword === 'FROM') {
        const args = (instruction.getArgumentsContent() ?? '').trim().split(/\s+/u);
        const asIndex = args.findIndex((a) => a.toUpperCase() === 'AS');
        this.stages.push({
          name: asIndex >= 0 ? args[asIndex + 1]?.toLowerCase() : undefined,
          from: parsed,
          commands: [],
        });
      } else {
        this.stages[this.stages.length - 1]?.commands.push(parsed);
      }
    }
  }

  /** The classic builder's `Step n/m`: the n-th instruction of the whole file. */
  classicStep(step: number): StepLocation | undefined {
    return location(this.instructions[step - 1]);
  }

  /** A BuildKit vertex name such as `[2/3] RUN make` or `[builder 4/7] COPY . .`; undefined for internal vertexes. */
  buildkitVertex(name: string): StepLocation | undefined {
    const match = /^\[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/su.exec(name.trim());
    if (!match) return undefined;
    const [, stageName, n, m, rest] = match;
    const stage = this.stageNamed(stageName);
    if (!stage) return this.byText(collapse(rest ?? ''), this.instructions);
    const text = collapse(rest ?? '');
    if (/^FROM\b/iu.test(text)) return location(stage.from);
    const byText = this.byText(text, stage.commands);
    if (byText) return byText;
    // Arguments may have been expanded (`RUN echo $X` shows as `RUN echo hello`): count instead. BuildKit numbers
    // only the instructions that make a step (RUN, COPY, ADD, and WORKDIR in newer versions), plus 1 for a FROM
    // of an image; the keyword tells which counting this BuildKit used.
    const keyword = text.split(' ')[0]?.toUpperCase();
    for (const counted of STEP_KEYWORDS) {
      const stepping = stage.commands.filter((c) => counted.has(c.keyword));
      const candidate = stepping[Number(n) - (Number(m) - stepping.length) - 1];
      if (candidate?.keyword === keyword) return location(candidate);
    }
    return undefined;
  }

  /** The instruction whose text is `label` (`RUN echo hi`), when exactly one matches. */
  byInstructionText(label: string): StepLocation | undefined {
    return this.byText(collapse(label), this.instructions);
  }

  private byText(text: string, among: readonly Instruction[]): StepLocation | undefined {
    const matches = among.filter((i) => sameInstruction(i.text, text));
    return matches.length === 1 ? location(matches[0]) : undefined;
  }

  private stageNamed(name: string | undefined): Stage | undefined {
    if (name === undefined) return this.stages.length === 1 ? this.stages[0] : this.stages[this.stages.length - 1];
    const numbered = /^stage-(\d+)$/u.exec(name);
    if (numbered) return this.stages[Number(numbered[1])];
    return this.stages.find((s) => s.name === name.toLowerCase());
  }
}

function location(instruction: Instruction | undefined): StepLocation | undefined {
  return instruction ? { line: instruction.line, endLine: instruction.endLine, instruction: instruction.text } : undefined;
}

/** Builders print the keyword as written and may expand or trim arguments: compare case-blind on the keyword. */
function sameInstruction(a: string, b: string): boolean {
  const [ka = '', ...ra] = a.split(' ');
  const [kb = '', ...rb] = b.split(' ');
  return ka.toUpperCase() === kb.toUpperCase() && ra.join(' ') === rb.join(' ');
}

function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
