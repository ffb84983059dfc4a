// cause.ts: why a result looks the way it does, said on every tab that
// shows it. A file on the path's chain that cannot be read (not
// well-formed XML, unreadable, a duplicate section…) stops IIS from
// reading any section at that path; a path that maps to nothing has no
// sections at all. Without this, the Effective tab said "No sections" and
// the Response tab "choose a site" while the reason sat under Diagnostics.
//
// And an error that does not stop requests (beside "Response 200") is
// labelled with who meets it, following docs/diagnostics.md ("Which error
// a request sees"): IIS's core reads system.webServer/* on every request;
// ASP.NET reads its own sections (system.web/* …) and reports their errors
// on its own page; appcmd, IIS Manager and Microsoft.Web.Administration
// meet every section they read.
import { h, baseName } from "../dom";
import type { Diagnostic, Result } from "../model";


/**
 * A link to a place in a file (links.ts srcLink, bound by the caller: this
 * module loads on demand and takes nothing else of the views).
 */
export type Link = (place: Pick<Diagnostic, "file" | "line" | "column">, text?: string) => HTMLElement;

/**
 * Completes the Response panel (root holds what PageView drew for resp):
 * with no response, what keeps the path from being read; beside a 200, the
 * errors that do not stop requests.
 */
export function decorateResponse(root: HTMLElement, resp: unknown, r: Result, link: Link): void {
  if (!resp) {
    const c = causeNote(r, link, "response");
    if (c) root.replaceChildren(h("div", { class: "page-none", testid: "page-500", "data-status": "none" }, c));
    return;
  }
  const q = quietErrors(r, link);
  if (q) root.appendChild(q);
}

/** Errors of files on the chain that make the whole path unreadable (file phase). */
export function fileErrors(r: Result): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === "error" && d.phase === "file" && !!d.file);
}

/** The sentence a file error gets: "applicationHost.config line 114, column 54 — not well-formed XML: …", the place a link to the line. */
export function fileErrorLine(d: Diagnostic, link: Link): (Node | string)[] {
  const why = d.notes?.find((n) => n.message)?.message;
  return [
    link(d, `${baseName(d.file)} line ${d.line || "?"}${d.column ? `, column ${d.column}` : ""}`),
    ` — ${d.message.replace(/\s+$/, "")}${why ? `: ${why}` : ""} `,
    h("span", { class: "muted small" }, `(${d.file})`),
  ];
}

/**
 * A note on what keeps this path from being read, or null. where: the tab
 * it is shown on ("effective" also explains what the values below are).
 */
export function causeNote(r: Result, link: Link, where: "effective" | "response"): HTMLElement | null {
  const errs = fileErrors(r);
  const unknown = r.diagnostics.find((d) => d.id === "PATH_UNK");
  if (!errs.length && !unknown) return null;
  const parts: (Node | string | null)[] = [];
  if (errs.length) {
    const apphost = errs.some((d) => /\\applicationhost\.config$/i.test(d.file));
    parts.push(h("strong", null, errs.length === 1 ? "A configuration file on this path cannot be read:" : `${errs.length} configuration files on this path cannot be read:`));
    parts.push(h("ul", null, errs.map((d) => h("li", null, fileErrorLine(d, link)))));
    if (apphost && unknown) {
      parts.push(h("p", null, "applicationHost.config defines the sites, so no site, application or folder can be found until it is fixed — IIS cannot read its sites either — and appcmd, IIS Manager and Microsoft.Web.Administration refuse every command."));
    } else if (where === "response") {
      parts.push(h("p", null, "Every request to this path fails until it is fixed, and appcmd, IIS Manager and Microsoft.Web.Administration refuse to read any section here."));
    } else {
      parts.push(
        h(
          "p",
          null,
          r.sections.length
            ? "IIS reads no section at this path until it is fixed (every request gets HTTP 500.19); what is shown below is what the other files on the path say."
            : "IIS reads no section at this path until it is fixed.",
        ),
      );
    }
  } else if (unknown) {
    parts.push(h("strong", null, "Nothing is configured at this path: "), unknown.message, ". ");
    parts.push("No site, application or virtual directory has this name; choose one in the Sites tab, or type a site name or URL.");
  }
  return h("div", { class: "cause-note", testid: "cause-note", role: "note" }, parts);
}

/** Who meets an error that does not stop requests (one beside "Response 200"). */
export function whoMeets(d: Diagnostic): string {
  if (d.severity !== "error") return "iisconf's own warning: IIS raises no error for it.";
  if (d.id === "PATH_UNK" || d.id === "NOSCHEMA") return "Met by appcmd, IIS Manager and Microsoft.Web.Administration when they read it; IIS itself never reads it, so requests are served.";
  const s = d.section ?? "";
  if (s && !s.startsWith("system.webServer/") && !s.startsWith("system.applicationHost/")) {
    return `Met by ASP.NET when the application reads ${s} (ASP.NET's own "Configuration Error" page, not a 500.19), and by appcmd, IIS Manager and Microsoft.Web.Administration when they read it. IIS itself never reads this section, so requests pass its configuration stage.`;
  }
  return `Met by appcmd, IIS Manager and Microsoft.Web.Administration when they read ${s || "it"}; requests pass IIS's configuration stage.`;
}

/** The errors at this path that do not stop requests, each with who meets it. */
export function quietErrors(r: Result, link: Link): HTMLElement | null {
  const resp = r.response;
  if (!resp || resp.status !== 200) return null;
  const list = r.diagnostics.filter((d) => d.severity === "error" && d.id !== "PATH_UNK");
  if (!list.length) return null;
  return h(
    "div",
    { class: "quiet-errors", testid: "quiet-errors" },
    h("p", null, h("strong", null, `${list.length} error${list.length === 1 ? "" : "s"} at this path ${list.length === 1 ? "does" : "do"} not stop requests:`)),
    h(
      "ul",
      null,
      list.map((d) =>
        h(
          "li",
          null,
          h("span", { class: "badge deny" }, d.id),
          " ",
          d.file ? link(d) : null,
          " ",
          d.message,
          h("div", { class: "muted small" }, whoMeets(d)),
        ),
      ),
    ),
  );
}
