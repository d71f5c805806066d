import path from "node:path";
import ts from "typescript";

/**
 * The SDK's promise: a misspelt field is a compile-time error. `npm test` does not run tsc,
 * so this runs the compiler over the fixture as the repository's strict settings would.
 */
const fixture = path.join(__dirname, "fixtures", "misspelt-field.fixture.ts");

function compilerOptions(): ts.CompilerOptions {
  const configFile = path.join(__dirname, "..", "tsconfig.json");
  const { config } = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file));
  return ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configFile)).options;
}

const options = compilerOptions();
/** Reused between compilations: the SDK and its dependencies are checked once. */
let previous: ts.Program | undefined;

/** Diagnostics of `source` compiled in place of the fixture, as `line: TSxxxx message`. */
function diagnose(source: string): string[] {
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (path.resolve(file) === fixture ? source : readFile(file));
  const program = ts.createProgram([fixture], options, host, previous);
  previous = program;
  const file = program.getSourceFile(fixture);
  return ts.getPreEmitDiagnostics(program, file).map((diagnostic) => {
    const line =
      diagnostic.start === undefined ? 0 : file!.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
    return `${line}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n").split("\n")[0]}`;
  });
}

const source = ts.sys.readFile(fixture)!;

test("the fixture compiles: every @ts-expect-error line is an error", () => {
  expect(diagnose(source)).toEqual([]);
});

test("without the @ts-expect-error markers, each marked line fails for the expected reason", () => {
  const unmarked = source.replace(/^\s*\/\/ @ts-expect-error.*$/gm, "// (marker removed)");
  const errors = diagnose(unmarked);
  expect(errors).toEqual([
    expect.stringMatching(/^13: TS2339 Property 'nmae' does not exist on type/),
    expect.stringMatching(/^15: TS2339 Property 'description' does not exist on type/),
    expect.stringMatching(
      /^17: TS2561 Object literal may only specify known properties, but 'frist' does not exist in type .*Did you mean to write 'first'\?$/,
    ),
    expect.stringMatching(/^19: TS2554 Expected 2 arguments, but got 1/),
    expect.stringMatching(/^21: TS2322 Type '"CHEAPEST"' is not assignable to type/),
  ]);
});
