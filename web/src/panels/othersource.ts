// othersource.ts: where the "other" workspace of Compare and of the Script
// dialog comes from — the workspace as opened, the AppCmd session's start
// (the Script dialog), a backup or configuration history snapshot of this
// workspace, a recent workspace, or a bundle file the user picks (a
// customer's `iisconf collect` bundle, then listed under its name). One
// <select> lists them; the chosen one is read only when asked for.
import { h, clear } from "../dom";
import type { AppHost } from "../app/host";
import type { OtherWorkspace } from "../engine/protocol";

export interface SourcePicker {
  /** The <select> and its hidden file chooser, to put in a form. */
  readonly root: HTMLElement;
  readonly select: HTMLSelectElement;
  /** Fills the list again (backups and recent workspaces change). */
  refresh(): Promise<void>;
  /** The chosen workspace, or null (nothing chosen, the file chooser cancelled). */
  get(): Promise<OtherWorkspace | null>;
}

interface Choice {
  label: string;
  get: () => Promise<OtherWorkspace | null>;
}

export function sourcePicker(app: AppHost, o: { testid: string; label: string; session?: boolean }): SourcePicker {
  const select = h("select", { testid: o.testid, "aria-label": o.label });
  const file = h("input", { type: "file", accept: ".txtar,.txt,text/plain", hidden: true, testid: o.testid + "-file" });
  const choices = new Map<string, Choice>();
  let pending: Promise<{ name: string; text: string } | null> | null = null;
  // The bundle file last chosen stays in the list under its own name, so
  // that the list says which file is compared; "A bundle file…" picks another.
  let picked: { name: string; text: string } | null = null;
  const pickedChoice = (p: { name: string; text: string }): Choice => ({ label: "Bundle file " + p.name, get: async () => ({ bundle: p.text, label: p.name }) });
  const showPicked = (p: { name: string; text: string }) => {
    picked = p;
    choices.set("picked", pickedChoice(p));
    let opt = select.querySelector<HTMLOptionElement>('option[value="picked"]');
    if (!opt) {
      opt = h("option", { value: "picked" }) as HTMLOptionElement;
      select.insertBefore(opt, select.querySelector('option[value="file"]'));
    }
    opt.textContent = "Bundle file " + p.name;
    select.value = "picked";
  };
  const readFile = () =>
    new Promise<{ name: string; text: string } | null>((resolve) => {
      file.value = "";
      file.onchange = async () => {
        const f = file.files?.[0];
        resolve(f ? { name: f.name, text: await f.text() } : null);
      };
      file.oncancel = () => resolve(null);
      file.click();
    });
  const add = (group: HTMLElement | HTMLSelectElement, id: string, c: Choice) => {
    choices.set(id, c);
    group.appendChild(h("option", { value: id }, c.label));
  };
  const refresh = async () => {
    const was = select.value;
    clear(select);
    choices.clear();
    add(select, "opened", {
      label: "The workspace as opened",
      get: async () => {
        const op = app.workspace.opened;
        return op ? { files: op.files, env: op.env, label: "as opened" } : null;
      },
    });
    if (o.session) {
      const s = (await import("./appcmd")).appcmdSession(app);
      if (s) {
        add(select, "session", {
          label: `Before the AppCmd session (${s.lines.length} command${s.lines.length === 1 ? "" : "s"})`,
          get: async () => ({ files: s.files, env: s.env, label: "before the AppCmd session" }),
        });
      }
    }
    if (picked) add(select, "picked", pickedChoice(picked));
    add(select, "file", {
      label: "A bundle file…",
      get: async () => {
        const p = await (pending ?? (pending = readFile()));
        pending = null; // cancelled: ask again next time; chosen: it is "picked" now
        if (p) showPicked(p);
        return p ? { bundle: p.text, label: p.name } : null;
      },
    });
    try {
      const backups = (await app.engine.backups()) ?? [];
      if (backups.length) {
        const g = h("optgroup", { label: "Backups of this workspace" });
        for (const b of backups) add(g, "backup:" + b.name, { label: b.name + (b.created ? " (" + b.created.replace("T", " ") + ")" : ""), get: async () => ({ backup: b.name, label: "backup " + b.name }) });
        select.appendChild(g);
      }
    } catch {
      // No backups listed (tools.wasm failed to start): the other sources remain.
    }
    try {
      const { RecentStore } = await import("../recent");
      const store = new RecentStore();
      const recent = await store.list();
      if (recent.length) {
        const g = h("optgroup", { label: "Recent workspaces" });
        for (const r of recent) {
          add(g, "recent:" + r.id, {
            label: r.name + " — " + new Date(r.savedAt).toLocaleString(),
            get: async () => {
              const st = await store.open(r.id);
              return st ? { files: st.files, env: st.env ?? {}, label: r.name } : null;
            },
          });
        }
        select.appendChild(g);
      }
    } catch {
      // Storage refused (private mode): no recent workspaces to offer.
    }
    if (choices.has(was)) select.value = was;
  };
  select.addEventListener("change", () => {
    pending = select.value === "file" ? readFile() : null;
    // Chosen: the list names the file at once (cancelled: it stays on "A bundle file…").
    void pending?.then((f) => f && showPicked(f));
  });
  return {
    root: h("span", null, select, file),
    select,
    refresh,
    get: async () => (await choices.get(select.value)?.get()) ?? null,
  };
}
