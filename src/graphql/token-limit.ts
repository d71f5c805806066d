import { GraphQLError, Lexer, TokenKind, parse, type Source } from "graphql";

/** How many tokens the parser had taken when it reached `position`, if a token starts exactly there. */
function tokensThrough(source: Source, position: number): number | undefined {
  const lexer = new Lexer(source);
  try {
    // Counted as the parser counts them: comments are skipped, the end of the document is not a token.
    for (let count = 1; ; count++) {
      const token = lexer.advance();
      if (token.kind === TokenKind.EOF || token.start > position) return undefined;
      if (token.start === position) return count;
    }
  } catch {
    return undefined; // a lexical error comes before the position: not the limit
  }
}

/**
 * Whether a parse failure is graphql-js refusing a document over `parseOptions.maxTokens`.
 * graphql-js raises that as a plain syntax error, told from the others only by its message;
 * structurally, it is the one parse error that moves when the limit moves. So: count the
 * tokens up to the error (the refused one included, n) and parse again allowing exactly n —
 * a real syntax error at that token is met again at the same place, the limit is not. Both
 * passes stop at the error, so a refused document costs at most three times the limit.
 * (Where the first token past the limit is a syntax error too, the document is both too
 * long and broken, and is answered as broken: a 400 either way.)
 *
 * @param error the error Apollo raised for a failed parse (it keeps graphql-js's as `originalError`)
 */
export function isTokenLimitError(error: unknown): boolean {
  const syntaxError = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (!(syntaxError instanceof GraphQLError) || !syntaxError.source || syntaxError.positions?.length !== 1)
    return false;
  const [position] = syntaxError.positions as [number];
  const tokens = tokensThrough(syntaxError.source, position);
  if (tokens === undefined) return false;
  try {
    parse(syntaxError.source, { maxTokens: tokens, noLocation: true });
    return true;
  } catch (again) {
    return !(again instanceof GraphQLError) || again.positions?.[0] !== position;
  }
}
