// secrets.ts (dialogs): what the user sees of the secret scanner before a
// workspace leaves the page. secretChoices lists every finding of
// web/src/secrets.ts (findSecrets) with a checkbox, ticked to redact; the
// list is what redactSecrets then replaces, nothing more, nothing less.
// reviewSecrets is the dialog Share (and Export) open with it; the Short
// link dialog embeds the list itself. Loaded with the dialogs that use it.
import { h } from "../dom";
import type { State } from "../engine/protocol";
import type { AppHost } from "../app/host";
import { findSecrets, redactSecrets, describeFinding, type SecretFinding, type SecretKind } from "../secrets";
import { openDialog, confirmAction } from "./dialog";

/** What a kind means, said once under the list when it occurs. */
const KIND_NOTES: Partial<Record<SecretKind, string>> = {
  encrypted: "Encrypted values can be read only with the server's keys, but they are still the server's secrets.",
};

export interface SecretChoices {
  /** The list, for a dialog's body. */
  readonly element: HTMLElement;
  /** Indices (into the findings) the user chose not to redact. */
  kept(): number[];
  /** How many will be redacted. */
  redactedCount(): number;
  /** Called after every change of a checkbox. */
  onChange: (() => void) | null;
  /** Disables or enables every checkbox (while an upload runs). */
  setDisabled(d: boolean): void;
}

let lists = 0;

/**
 * A checkbox list of the findings, every one ticked ("redact"), with a
 * "Redact all" box above it that ticks or clears them all (mixed when
 * some are ticked). Text only: descriptions come from the scanner and
 * never hold the secret itself.
 */
export function secretChoices(findings: SecretFinding[]): SecretChoices {
  const n = ++lists;
  const boxes = findings.map((f, i) =>
    h("input", { type: "checkbox", id: `secret-${n}-${i}`, checked: true, "data-kind": f.kind, testid: "secret-choice" }),
  );
  const all = h("input", { type: "checkbox", id: `secret-${n}-all`, checked: true, testid: "secret-all" });
  const choices: SecretChoices = {
    element: h(
      "div",
      { class: "secrets", testid: "secret-choices" },
      h("label", { class: "check", for: all.id }, all, " Redact all (replace each value with [redacted])"),
      h(
        "ul",
        { class: "secret-list", "aria-label": "values that look like secrets" },
        findings.map((f, i) =>
          h(
            "li",
            null,
            h("label", { for: boxes[i].id }, boxes[i], h("span", { class: "where" }, describeFinding(f)), " ", h("span", { class: "secret-kind" }, kindLabel(f.kind))),
          ),
        ),
      ),
      [...new Set(findings.map((f) => f.kind))].map((k) => (KIND_NOTES[k] ? h("p", { class: "muted small" }, KIND_NOTES[k]!) : null)),
    ),
    kept: () => boxes.flatMap((b, i) => (b.checked ? [] : [i])),
    redactedCount: () => boxes.filter((b) => b.checked).length,
    onChange: null,
    setDisabled: (d) => {
      for (const b of [all, ...boxes]) b.disabled = d;
    },
  };
  const sync = () => {
    const ticked = choices.redactedCount();
    all.checked = ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  };
  all.addEventListener("change", () => {
    for (const b of boxes) b.checked = all.checked;
    sync();
    choices.onChange?.();
  });
  for (const b of boxes)
    b.addEventListener("change", () => {
      sync();
      choices.onChange?.();
    });
  return choices;
}

function kindLabel(k: SecretKind): string {
  switch (k) {
    case "attribute":
      return "(secret attribute)";
    case "setting":
      return "(secret setting)";
    case "connection-string":
      return "(connection-string credential)";
    case "url":
      return "(credential in a URL)";
    case "private-key":
      return "(private key)";
    case "encrypted":
      return "(encrypted value)";
    case "environment":
      return "(environment variable)";
  }
}

export type Review =
  | { go: false }
  /** state: to send, with the chosen secrets redacted; redacted: how many; kept: the findings left in. */
  | { go: true; state: State; redacted: number; kept: SecretFinding[] };

/**
 * Checks st for secrets before it leaves the page (what: "A share link
 * carries every file"; verb: "share", "export"). Without secrets it
 * resolves at once with st. Otherwise a dialog lists them, each ticked to
 * redact, and resolves with the state to send, or go: false when the user
 * cancels. If the scanner cannot run, the user is told and asked whether
 * to go on without the check.
 */
export async function reviewSecrets(app: AppHost, st: State, o: { what: string; verb: string }): Promise<Review> {
  let findings: SecretFinding[];
  // The first check starts tools.wasm: say what is happening if it takes a while.
  let told = false;
  const slow = setTimeout(() => {
    told = true;
    app.notify("Checking the workspace for secrets…");
  }, 400);
  try {
    findings = await findSecrets(app.engine, st);
  } catch (e) {
    clearTimeout(slow);
    const ok = await confirmAction({
      title: "The workspace could not be checked for secrets",
      message: `${cap((e as Error).message)}. ${o.what}: passwords, keys and connection strings in it would go too. ${cap(o.verb)} without checking?`,
      ok: `${cap(o.verb)} without checking`,
      testid: "secrets-unchecked-dialog",
    });
    return ok ? { go: true, state: st, redacted: 0, kept: [] } : { go: false };
  }
  clearTimeout(slow);
  if (findings.length === 0) return { go: true, state: st, redacted: 0, kept: [] };
  if (told) app.notify(`${countSecrets(findings.length)} found.`);

  const choices = secretChoices(findings);
  const d = openDialog({
    title: "This workspace contains secrets",
    testid: "secrets-dialog",
    description: `${o.what}. ${lookLikeSecrets(findings.length)}; the ticked ${findings.length === 1 ? "one" : "ones"} will be replaced with [redacted]:`,
    body: [choices.element],
    buttons: [
      { label: "Cancel", value: "cancel" },
      { label: `${cap(o.verb)} with the secrets`, value: "keep", testid: "share-anyway", title: `${cap(o.verb)} every value as it is` },
      { label: `Redact and ${o.verb}`, value: "redact", primary: true, testid: "redact-secrets" },
    ],
  });
  const redactButton = d.buttons[2];
  choices.onChange = () => {
    const n = choices.redactedCount();
    redactButton.textContent = n === findings.length ? `Redact and ${o.verb}` : n === 0 ? `${cap(o.verb)} with the secrets` : `Redact ${n} and ${o.verb}`;
  };
  const choice = await d.result;
  if (choice === "cancel") return { go: false };
  const kept = choice === "keep" ? findings.map((_, i) => i) : choices.kept();
  if (kept.length === findings.length) return { go: true, state: st, redacted: 0, kept: findings };
  const state = await redactSecrets(app.engine, st, kept);
  return { go: true, state, redacted: findings.length - kept.length, kept: kept.map((i) => findings[i]) };
}

/** "1 possible secret", "3 possible secrets". */
export function countSecrets(n: number): string {
  return `${n} possible secret${n === 1 ? "" : "s"}`;
}

/** "This value looks like a secret", "These 3 values look like secrets". */
export function lookLikeSecrets(n: number): string {
  return n === 1 ? "This value looks like a secret" : `These ${n} values look like secrets`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
