// dockerfile-utils' validate() on a Dockerfile Berth has already parsed. validate() parses the text again with the same
// dockerfile-ast; for the length of the call its parser is handed our parse of that exact text, which halves the cost
// of linting. Any other text (or a future validate() that parses differently) still gets a fresh parse.
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

type Parse = typeof DockerfileParser.parse;

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
