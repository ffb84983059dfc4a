// secrets.ts: the page's one way to ask about secrets, for every way a
// workspace leaves it (Share, Short link, Export). The scanning is the
// engine's (engine/secrets, served by tools.wasm in the engine worker), the
// same scanner the share Worker and the CLI use: docs/secrets.md lists what
// it finds. A finding is a range, so what a dialog lists is exactly what
// redactSecrets replaces.
//
//   const found = await findSecrets(app.engine, state);   // [] when clean
//   const clean = await redactSecrets(app.engine, state, keep); // keep: indices into found
//
// Both reject when the scanner could not run: never treat that as "no
// secrets".
import type { Engine } from "./api";
import type { SecretFinding, State } from "./engine/protocol";

export type { SecretFinding, SecretKind } from "./engine/protocol";

/** What the scanner needs of the engine (api.ts Engine). */
export type SecretScanner = Pick<Engine, "scanSecrets" | "redactSecrets">;

/** The secrets of a state's files and environment overrides, in file order then variables. */
export async function findSecrets(engine: SecretScanner, st: Pick<State, "files" | "env">): Promise<SecretFinding[]> {
  let r;
  try {
    r = await engine.scanSecrets(st.files, st.env ?? {});
  } catch (e) {
    throw new Error("the secret check could not run: " + (e as Error).message.replace(/^scanSecrets: /, ""));
  }
  if (!r || !Array.isArray(r.findings)) throw new Error("the secret check did not answer");
  return r.findings;
}

/**
 * The state with every secret findSecrets lists replaced by "[redacted]",
 * except the findings at the indices in keep (the user chose to share
 * those). The state given is not changed.
 */
export async function redactSecrets<S extends Pick<State, "files" | "env">>(engine: SecretScanner, st: S, keep: number[] = []): Promise<S> {
  const r = await engine.redactSecrets(st.files, st.env ?? {}, keep);
  if (!r || !Array.isArray(r.files) || r.files.length !== st.files.length) throw new Error("the secret redaction did not answer");
  return { ...st, files: r.files, env: r.env };
}

/**
 * A finding in words, for a list, with the file's full path: "C:\inetpub\wwwroot\web.config:12 — password on
 * <processModel>", or for a variable its description alone
 * ("environment variable DB_PASSWORD"). Never the secret itself.
 */
export function describeFinding(f: SecretFinding): string {
  if (f.env) return f.what;
  const lines = f.endLine > f.line ? `${f.line}–${f.endLine}` : `${f.line}`;
  return `${f.file ?? ""}:${lines} — ${f.what}`;
}
