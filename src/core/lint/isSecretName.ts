// Whether a variable name holds a credential (`HF_TOKEN`, `OPENAI_API_KEY`, `DB_PASSWORD`), for ENV, ARG and compose
// `environment`. Names that point at a credential or are public by nature (`GPG_KEY`, `*_KEY_FILE`, `*_TOKEN_URL`) are not.

const SECRET = /(?:^|_)(?:TOKEN|SECRET|PASSWORD|PASSWD|PASS|KEY|APIKEY|CREDENTIALS)$/;
const NOT_SECRET = /(?:^|_)(?:PUBLIC|PUB|GPG)(?:_|$)|(?:^|_)(?:PATH|FILE|DIR|URL|URI|HOST|NAME|ID|TYPE|LENGTH|SIZE)$/;

export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET.test(upper) && !NOT_SECRET.test(upper);
}
