// What a compiled JavaScript file loads, read with TypeScript's parser (comments and strings that
// only look like imports are not imports): the specifiers of its static imports and re-exports,
// its `import()` calls and its calls of a function named `require` (or `require.resolve`), and
// every such call whose argument is not a plain string, which no scan can check. The package tests
// hold each specifier of dist/ against the package's dependencies (tarball-contents.test.ts).
import ts from "typescript";

export interface ModuleSpecifiers {
  /** The modules named by a string, in order of appearance. */
  specifiers: string[];
  /** The `import(...)` / `require(...)` calls whose argument is computed: their source text. */
  computed: string[];
}

export function moduleSpecifiers(fileName: string, text: string): ModuleSpecifiers {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const found: ModuleSpecifiers = { specifiers: [], computed: [] };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && isLoader(node.expression)) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.specifiers.push(argument.text);
      else found.computed.push(node.getText(source));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `import(...)`, `require(...)`, `require.resolve(...)`. */
function isLoader(callee: ts.Expression): boolean {
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
  if (ts.isIdentifier(callee)) return callee.text === "require";
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "require" && callee.name.text === "resolve";
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for a relative or absolute one. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}
