// GitHub's expression language as the campaign workflow uses it (`if:`, `env:`, `with:`,
// `run-name:`), for tests that play its jobs on this machine: literals ('…', true, false, null,
// numbers), == != && || ! ( ), paths into the contexts, the status functions always(), success(),
// failure(), cancelled(), and format(). Comparison as GitHub's: strings case-insensitively, null
// as ''. `${{ }}` templates in a value are replaced by their result as a string.

/** The contexts an expression reads; `status` is what success()/failure()/cancelled() see. */
export interface Contexts {
  github?: Record<string, unknown>;
  needs?: Record<string, { result?: string; outputs?: Record<string, string> }>;
  steps?: Record<string, { outputs: Record<string, string> }>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  status?: "success" | "failure" | "cancelled";
}

/** The value of an expression (without `${{ }}`). */
export function evaluate(expression: string, contexts: Contexts): unknown {
  const tokens = expression.match(/'(?:[^']|'')*'|==|!=|&&|\|\||[!(),]|-?\d+(?:\.\d+)?|[A-Za-z_][\w.-]*/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = () => tokens[at++]!;
  const or = (): unknown => {
    let left = and();
    while (peek() === "||") {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): unknown => {
    let left = equality();
    while (peek() === "&&") {
      take();
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const equality = (): unknown => {
    let left = unary();
    while (peek() === "==" || peek() === "!=") {
      const op = take();
      const right = unary();
      left = op === "==" ? loose(left) === loose(right) : loose(left) !== loose(right);
    }
    return left;
  };
  const unary = (): unknown => {
    if (peek() === "!") {
      take();
      return !truthy(unary());
    }
    if (peek() === "(") {
      take();
      const value = or();
      if (take() !== ")") throw new Error(`unbalanced parentheses in ${expression}`);
      return value;
    }
    return primary(take());
  };
  const primary = (token: string): unknown => {
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (/^-?\d/.test(token)) return Number(token);
    if (peek() === "(") return call(token);
    if (token === "true" || token === "false") return token === "true";
    if (token === "null") return null;
    return token.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], contexts);
  };
  const call = (name: string): unknown => {
    take();
    const args: unknown[] = [];
    while (peek() !== ")") {
      args.push(or());
      if (peek() === ",") take();
    }
    take();
    const status = contexts.status ?? "success";
    if (name === "always") return true;
    if (name === "success") return status === "success";
    if (name === "failure") return status === "failure";
    if (name === "cancelled") return status === "cancelled";
    if (name === "format") return String(args[0]).replace(/\{(\d+)\}/g, (_, index: string) => text(args[Number(index) + 1]));
    throw new Error(`the player does not know the function ${name}()`);
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`cannot read ${expression} past ${tokens[at]}`);
  return value;
}

/** Evaluates a job's or step's `if:` (`${{ }}` optional, as GitHub allows there); absent means success(). */
export function evaluateIf(expression: string | undefined, contexts: Contexts): boolean {
  if (expression === undefined) return (contexts.status ?? "success") === "success";
  const source = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  // Without a status function GitHub adds success(): the job or step runs only if all before succeeded.
  const implicitSuccess = !/\b(always|success|failure|cancelled)\(\)/.test(source);
  return truthy(evaluate(source, contexts)) && (!implicitSuccess || (contexts.status ?? "success") === "success");
}

/** A value with its `${{ }}` templates replaced, as GitHub passes it to `env:` and `with:`. */
export function interpolate(value: string, contexts: Contexts): string {
  return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => text(evaluate(expression, contexts)));
}

/** An expression's result as GitHub writes it into a string. */
function text(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : typeof value === "boolean" || typeof value === "number" ? String(value) : JSON.stringify(value);
}

function truthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== "" && value !== 0;
}

/** GitHub compares strings case-insensitively, and null/undefined as ''. */
function loose(value: unknown): unknown {
  return typeof value === "string" ? value.toLowerCase() : (value ?? "");
}
