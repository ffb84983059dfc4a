// harness.ts: the few helpers the front end's unit tests need under Node
// (build/webunit_test.go bundles each web/test/unit/*.test.ts and runs it).
// No test framework: a failed check throws, run() prints each test and
// sets a non-zero exit code when any failed.

declare const process: { env: Record<string, string | undefined>; exitCode?: number };
declare function require(id: string): any;

const tests: { name: string; fn: () => unknown }[] = [];

export function test(name: string, fn: () => unknown): void {
  tests.push({ name, fn });
}

export async function run(): Promise<void> {
  let failed = 0;
  for (const t of tests) {
    try {
      await t.fn();
      console.log("ok   " + t.name);
    } catch (e) {
      failed++;
      console.log("FAIL " + t.name + "\n     " + ((e as Error).stack ?? String(e)));
    }
  }
  console.log(`${tests.length - failed} passed, ${failed} failed`);
  if (failed) process.exitCode = 1;
}

export function ok(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

export function eq<T>(got: T, want: T, msg: string): void {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w) throw new Error(`${msg}\n     got  ${g?.slice(0, 600)}\n     want ${w?.slice(0, 600)}`);
}

export async function rejects(p: Promise<unknown>, check: (e: any) => boolean, msg: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!check(e)) throw new Error(`${msg}: wrong error: ${(e as Error).message}`);
    return;
  }
  throw new Error(`${msg}: did not fail`);
}

/** A file of the repository (IISCONF_ROOT) or of ../shared (the corpus), as text. */
export function readRepoFile(rel: string): string {
  const fs = require("fs");
  const path = require("path");
  return fs.readFileSync(path.join(process.env.IISCONF_ROOT ?? ".", rel), "utf8");
}

/** The file names of a folder of the repository (or of ../shared). */
export function listRepoDir(rel: string): string[] {
  const fs = require("fs");
  const path = require("path");
  return fs.readdirSync(path.join(process.env.IISCONF_ROOT ?? ".", rel));
}
