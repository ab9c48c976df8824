/** Turns the library's lexer/parser messages ("Parser Error: ... Identifier !== CloseExpression.") into plain words. */
const tokenNames: Readonly<Record<string, string>> = {
  Text: 'text',
  NumericLiteral: 'a number',
  StringLiteral: 'a string',
  Identifier: 'a name',
  Equals: "'='",
  OpenParen: "'('",
  CloseParen: "')'",
  OpenStatement: "'{%'",
  CloseStatement: "'%}'",
  OpenExpression: "'{{'",
  CloseExpression: "'}}'",
  OpenSquareBracket: "'['",
  CloseSquareBracket: "']'",
  OpenCurlyBracket: "'{'",
  CloseCurlyBracket: "'}'",
  Comma: "','",
  Dot: "'.'",
  Colon: "':'",
  Pipe: "'|'",
  CallOperator: "'()'",
  AdditiveBinaryOperator: 'an operator',
  MultiplicativeBinaryOperator: 'an operator',
  ExponentiationBinaryOperator: 'an operator',
  ComparisonBinaryOperator: 'an operator',
  UnaryOperator: 'an operator',
  Comment: 'a comment',
};

const tokenName = (type: string) => (Object.hasOwn(tokenNames, type) ? tokenNames[type] : undefined) ?? type;

const phrases: [RegExp, string][] = [
  [/closing statement token/g, "'%}'"],
  [/closing expression token/g, "'}}'"],
  [/opening statement token/g, "'{%'"],
  [/opening expression token/g, "'{{'"],
  [/(\{%|%\}) token/g, "'$1'"],
  [/, got \$\{[^}]*\} instead\.?/g, ''],
];

export function describeLibraryError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // The parser reads past the last token on some incomplete input and fails with a TypeError.
  if (error instanceof TypeError) return 'The tag ends too early';
  let message = error.message.trim() || error.name;
  const expected = /^Parser Error: (.*?)\.* (\w+) !== (\w+)\.?$/.exec(message);
  if (expected) message = `${expected[1] ?? ''}, found ${tokenName(expected[2] ?? '')}`;
  const unexpected = /^Unexpected token: (\w+)$/.exec(message);
  if (unexpected) message = `Unexpected ${tokenName(unexpected[1] ?? '')}`;
  const unknownStatement = /^Unknown statement, got (\w+)$/.exec(message);
  if (unknownStatement) message = `Expected a tag name, found ${tokenName(unknownStatement[1] ?? '')}`;
  const character = /^Unexpected character: (.)$/.exec(message);
  if (character) message = `Unexpected character '${character[1] ?? ''}'`;
  for (const [pattern, replacement] of phrases) message = message.replace(pattern, replacement);
  return message;
}
