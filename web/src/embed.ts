// embed.ts: runnable demos for documentation.
//
// 1. The /embed route (embed.html, for iframes): a compact, read-only view
//    of one case — the path, one effective section, the diagnostics and the
//    response (500.19 page or 200) — with "Open in playground" carrying the
//    full state. The case comes in the hash (#v1:…, the share-link format)
//    with optional query parameters: section, view (the tab shown first:
//    effective, locks, diagnostics or response), tabs (the tabs shown,
//    comma-separated; without it the effective section, the diagnostics and
//    the response are shown one under the other), response=hidden,
//    theme=light|dark, stock=1 (lay the files over the built-in stock
//    server). A demo that cannot be shown says why in place of "Loading…".
//
// 2. The <iisconf-demo> custom element, for any page that loads embed.js:
//      <iisconf-demo path="Default Web Site" section="system.webServer/defaultDocument" stock>
//        <script type="text/plain">
//        -- C:\inetpub\wwwroot\web.config --
//        <configuration>…</configuration>
//        </script>
//      </iisconf-demo>
//    (a child <script type="text/plain"> keeps the XML away from the HTML
//    parser; plain text content works too when "<" is written "&lt;"),
//    or with src="case.txtar", or with sample="<name>" (and step="<step>")
//    for one of iisconf's own lessons, composed by the engine worker (the
//    docs page uses it; changing step reloads the demo). It renders an
//    iframe of the /embed route next
//    to the script (so the engine worker is always same-origin with the
//    page that starts it), sized to its content through postMessage.
import "./style.css";
import type { State, FileState } from "./engine/protocol";
import type { Result } from "./model";
import { h, replace, samePath } from "./dom";
import { parseTxtar } from "./txtar";
import { encodeState } from "./share";
import { decodeLink, encodeLink } from "./hashlink";
import { initTheme } from "./theme";
import { renderResponse } from "./ui/diagnostics";
import { EffectiveView } from "./ui/effective";
import { LockView } from "./ui/locks";
import { TabList } from "./app/tabs";
import { Engine, engineReason } from "./api";

/** The embed's tabs, in the order they show. */
export const EMBED_TABS = ["effective", "locks", "diagnostics", "response"] as const;

const scriptSrc = (document.currentScript as HTMLScriptElement | null)?.src ?? location.href;

// ------------------------------------------------------------- the route

async function runEmbedPage(root: HTMLElement): Promise<void> {
  const q = new URLSearchParams(location.search);
  initTheme(q.get("theme"));
  document.documentElement.classList.add("embed-page");
  const status = h("p", { class: "muted small", testid: "embed-status" }, "Loading…");
  replace(root, h("div", { class: "embed", testid: "embed" }, status));
  const sample = q.get("sample");
  if (location.hash.length < 2 && !sample) {
    replace(root, usage());
    return postHeight();
  }
  try {
    await showEmbed(root, q, status, sample);
  } catch (e) {
    // The engine did not start, the files did not load, an evaluation
    // failed: say so rather than "Loading…" for ever.
    replace(root, h("div", { class: "embed", testid: "embed" }, status));
    status.textContent = "This demo could not be shown: " + engineReason(e);
    status.classList.add("err");
    postHeight();
  }
}

async function showEmbed(root: HTMLElement, q: URLSearchParams, status: HTMLElement, sample: string | null): Promise<void> {
  const engine = new Engine();
  let st: State;
  try {
    await engine.ready;
    if (sample) {
      // One of iisconf's lessons, after one of its steps if asked.
      const s = await engine.sample(sample, q.get("step") ?? undefined);
      if (!s) throw new Error(`no sample "${sample}"`);
      st = { version: 1, files: s.files, env: s.env ?? {}, path: q.get("path") ?? s.path, view: { panel: (q.get("view") as any) ?? s.view, section: q.get("section") ?? s.section } };
    } else st = await decodeLink(location.hash, () => engine.stock());
  } catch (e) {
    status.textContent = "This demo could not be opened: " + (e as Error).message;
    return postHeight();
  }
  if (q.get("stock") === "1" && !st.files.some((f) => /applicationhost\.config$/i.test(f.path))) {
    const stock = await engine.stock();
    const over = st.files;
    st.files = [...(stock?.files ?? []).filter((s: FileState) => !over.some((f) => samePath(f.path, s.path))), ...over];
    st.env = { ...(stock?.env ?? {}), ...(st.env ?? {}) };
  }
  const section = q.get("section") ?? st.view?.section ?? "";
  try {
    await engine.load(st.files, st.env);
  } catch (e) {
    status.textContent = "This demo could not be opened: " + engineReason(e);
    return postHeight();
  }
  const res = (await engine.evaluate({ path: st.path || "Default Web Site", noDefaults: true, elements: section ? [section] : [] })) as Result | null;
  if (!res) throw new Error("the engine gave no answer");
  const full: State = { ...st, view: { ...(st.view ?? {}), section: section || undefined, panel: (q.get("view") as any) ?? st.view?.panel ?? "effective" } };
  const stock = await engine.stock();
  const link = new URL("./#" + (stock ? (await encodeLink(full, stock)).hash : await encodeState(full)), location.href).href;
  const sec = section ? res.sections.filter((s) => s.name.toLowerCase() === section.toLowerCase() || s.name.toLowerCase().endsWith("/" + section.toLowerCase())) : [];
  const eff = new EffectiveView(() => window.open(link, "_blank", "noopener"));
  if (sec.length) eff.render({ ...res, sections: sec }, { defaults: false, filter: "", onFocus: () => {} });
  const errs = res.diagnostics;
  const hideResponse = q.get("response") === "hidden";
  const parts: Record<string, () => HTMLElement | null> = {
    effective: () => (sec.length ? eff.root : section ? h("p", { class: "muted" }, `Section ${section} is not in scope here.`) : null),
    locks: () => {
      const v = new LockView(() => window.open(link, "_blank", "noopener"));
      v.render(res, section, section || undefined, () => {});
      return v.root;
    },
    diagnostics: () =>
      errs.length
        ? h(
            "ul",
            { class: "diag-list", testid: "diagnostics-list" },
            errs.map((d) => h("li", { class: "diag-line diag " + d.severity }, h("span", { class: "badge " + (d.severity === "error" ? "deny" : "warn") }, d.id), ` ${d.file ? d.file + ":" + d.line + " " : ""}`, d.message)),
          )
        : h("p", { class: "muted small", testid: "diagnostics-list" }, "No diagnostics."),
    response: () => (res.response ? renderResponse(res.response, res.response.page?.requestedUrl ?? (res.mapping ? `${res.mapping.site}${res.mapping.urlPath}` : res.configPath)) : null),
  };
  const head = h(
    "div",
    { class: "embed-head" },
    h("code", { testid: "config-path" }, res.configPath),
    h("span", { class: "spacer" }),
    h("a", { href: link, target: "_blank", rel: "noopener", testid: "open-in-playground" }, "Open in playground ↗"),
  );
  let body: (HTMLElement | null)[];
  const tabsParam = q.get("tabs");
  if (tabsParam !== null) {
    // Tabs: those asked for, the view's first.
    const shown = tabsParam
      .split(",")
      .map((t) => t.trim())
      .filter((t): t is (typeof EMBED_TABS)[number] => (EMBED_TABS as readonly string[]).includes(t) && !(hideResponse && t === "response"));
    if (!shown.length) shown.push("effective");
    const want = q.get("view") ?? st.view?.panel ?? "effective";
    const first = shown.includes(want as any) ? want : shown[0];
    const panels = new Map(shown.map((t) => [t, h("div", { class: "embed-panel", "data-tab": t }, parts[t]())]));
    const tabs = new TabList("demo views", "tabs embed-tabs", (id) => tabs.select(id));
    for (const t of shown) tabs.add(t, t[0].toUpperCase() + t.slice(1), panels.get(t)!);
    tabs.select(first);
    body = shown.length > 1 ? [tabs.root, ...panels.values()] : [...panels.values()];
  } else {
    body = [parts.effective(), errs.length ? parts.diagnostics() : null, hideResponse ? null : parts.response()];
  }
  replace(root, h("div", { class: "embed", testid: "embed" }, head, ...body));
  postHeight();
  new ResizeObserver(postHeight).observe(document.body);
}

/** What a bare /embed shows: how to use it. */
function usage(): HTMLElement {
  const code = (t: string) => h("pre", { class: "diff" }, t);
  return h(
    "div",
    { class: "embed embed-usage", testid: "embed-usage" },
    h("h2", null, "iisconf embed"),
    h("p", null, "This page shows one IIS configuration case, read-only: the effective configuration of a section, the diagnostics and the response a request gets. The case travels in the address, after #, in the playground's link format — this address has none."),
    h("p", null, "To embed a case in documentation, load embed.js and write the case as a bundle inside <iisconf-demo>:"),
    code(
      '<script src="' +
        new URL("embed.js", location.href).href +
        '" defer></script>\n<iisconf-demo path="Default Web Site" section="system.webServer/defaultDocument" stock>\n  <script type="text/plain">\n  -- C:\\inetpub\\wwwroot\\web.config --\n  <configuration>…</configuration>\n  </script>\n</iisconf-demo>',
    ),
    h("p", null, "Or make the case in the playground, press Share, and put the link's #… part after /embed in an iframe (optional parameters: ?section=…&view=effective|500&theme=light|dark&stock=1)."),
    h("p", null, h("a", { href: new URL("./", location.href).href }, "Open the playground")),
  );
}

function postHeight(): void {
  if (parent === window) return;
  const id = new URLSearchParams(location.search).get("id");
  parent.postMessage({ iisconfEmbed: id, height: Math.ceil(document.body.getBoundingClientRect().height) }, "*");
}

// ---------------------------------------------------- the custom element

let nextId = 0;

class IisconfDemo extends HTMLElement {
  private frame: HTMLIFrameElement | null = null;
  private demoId = "d" + ++nextId + Math.random().toString(36).slice(2, 6);

  static get observedAttributes(): string[] {
    return ["step"];
  }

  attributeChangedCallback(): void {
    if (this.frame) void this.render();
  }

  connectedCallback(): void {
    // Text content is read once parsing of the element has finished.
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => void this.render(), { once: true });
    else setTimeout(() => void this.render(), 0);
  }

  private async render(): Promise<void> {
    // The bundle: a child <script type="text/plain"> (raw text, the only
    // way to keep XML tags out of the HTML parser), else the element's text
    // content (with < written as &lt;), else the src attribute.
    const raw = this.querySelector('script[type="text/plain"], script[type="text/txtar"]');
    let text = raw ? raw.textContent ?? "" : this.hasAttribute("sample") ? "" : this.textContent ?? "";
    const src = this.getAttribute("src");
    const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    if (src) {
      try {
        const r = await fetch(new URL(src, document.baseURI).href);
        if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
        text = await r.text();
      } catch (e) {
        root.replaceChildren(h("p", null, `iisconf demo: cannot fetch ${src}: ${(e as Error).message}`));
        return;
      }
    }
    // Remove the common indentation, so authors can indent the bundle in HTML.
    text = dedent(text);
    const b = parseTxtar(text);
    const st: State = {
      version: 1,
      files: b.files,
      env: b.env,
      path: this.getAttribute("path") ?? "Default Web Site",
      view: { panel: (this.getAttribute("view") as any) ?? "effective", section: this.getAttribute("section") ?? undefined },
    };
    const q = new URLSearchParams();
    q.set("id", this.demoId);
    if (this.hasAttribute("stock")) q.set("stock", "1");
    const tabs = this.getAttribute("tabs");
    if (tabs !== null) q.set("tabs", tabs);
    if (this.hasAttribute("hide-response")) q.set("response", "hidden");
    if (this.hasAttribute("view") && !this.getAttribute("sample")) q.set("view", this.getAttribute("view")!);
    const theme = this.getAttribute("theme");
    if (theme) q.set("theme", theme);
    if (st.view?.section) q.set("section", st.view.section);
    const sample = this.getAttribute("sample");
    if (sample) {
      // The worker composes the lesson; path and view override its own.
      q.set("sample", sample);
      const step = this.getAttribute("step");
      if (step) q.set("step", step);
      if (this.hasAttribute("path")) q.set("path", st.path);
      if (this.hasAttribute("view")) q.set("view", String(st.view?.panel));
    }
    const base = this.getAttribute("base") ?? new URL(".", scriptSrc).href;
    const url = new URL("embed.html?" + q.toString(), base).href + (sample ? "" : "#" + (await encodeState(st)));
    this.frame = h("iframe", {
      src: url,
      title: "iisconf demo: " + st.path,
      loading: "lazy",
      style: { width: "100%", border: "1px solid #8884", "border-radius": "4px", height: this.getAttribute("height") ?? "320px" },
    });
    root.replaceChildren(this.frame);
  }

  resize(id: string, height: number): boolean {
    if (id !== this.demoId || !this.frame || this.hasAttribute("height")) return false;
    this.frame.style.height = Math.min(Math.max(80, height + 2), 2000) + "px";
    return true;
  }
}

function dedent(t: string): string {
  const lines = t.replace(/^\s*\n/, "").split("\n");
  let min = Infinity;
  for (const l of lines) if (l.trim()) min = Math.min(min, /^[ \t]*/.exec(l)![0].length);
  if (!isFinite(min) || min === 0) return lines.join("\n");
  return lines.map((l) => l.slice(min)).join("\n");
}

const embedRoot = document.getElementById("iisconf-embed");
if (embedRoot) {
  void runEmbedPage(embedRoot);
} else if (!customElements.get("iisconf-demo")) {
  customElements.define("iisconf-demo", IisconfDemo);
  window.addEventListener("message", (e) => {
    const d = e.data;
    if (!d || typeof d.iisconfEmbed !== "string" || typeof d.height !== "number") return;
    for (const el of document.querySelectorAll("iisconf-demo")) if ((el as unknown as IisconfDemo).resize(d.iisconfEmbed, d.height)) break;
  });
}
