// dockerfile-utils' validate() on a Dockerfile Berth has already parsed. validate() parses the text again with the same
// dockerfile-ast; for the length of the call its parser is handed our parse of that exact text, which halves the cost
// of linting. Any other text (or a future validate() that parses differently) still gets a fresh parse.
import { DockerfileParser, Instruction, type Argument, type Dockerfile } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

type Parse = typeof DockerfileParser.parse;

// Both validate() and Berth's rules ask each instruction for its arguments many times (once per check, and again for
// every variable resolved), and dockerfile-ast rescans the text each time: a third of a 2,000-line lint. A parsed
// instruction never changes (its document is a fixed text), so the scan is remembered per instruction, weakly, and
// each caller gets its own copy of the array (ModifiableInstruction shifts its flags off the array it receives).
const remembered = new WeakMap<Instruction, Argument[]>();
const prototype = Instruction.prototype as unknown as { getRawArguments: (this: Instruction) => Argument[] };
const scan = prototype.getRawArguments;
prototype.getRawArguments = function rememberedRawArguments(this: Instruction): Argument[] {
  let args = remembered.get(this);
  if (!args) {
    args = scan.call(this);
    remembered.set(this, args);
  }
  return args.slice();
};

export function validateSyntax(text: string, parsed: Dockerfile): ReturnType<typeof validate> {
  const parser: { parse: Parse } = DockerfileParser;
  const parse = parser.parse;
  parser.parse = (content) => (content === text ? parsed : parse(content));
  try {
    return validate(text);
  } finally {
    parser.parse = parse;
  }
}
