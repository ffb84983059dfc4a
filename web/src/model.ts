// model.ts: the engine's JSON model (README "The JSON model"), read-only.
// Fields may be added by later model versions; the UI tolerates unknown ones.

export interface Source {
  file: string;
  line: number;
  column?: number;
  locationPath?: string;
  locationLine?: number;
  target?: string;
  level?: string;
  note?: string;
}

export interface Note {
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface Diagnostic {
  id: string;
  severity: "error" | "warning";
  hresult: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  configPath?: string;
  section?: string;
  phase: string;
  notes?: Note[];
  /** the UNCERTAIN(<id>) rule the diagnostic rests on, when iisconf chose its text or condition without a confirming capture */
  uncertain?: string;
}

export interface Attribute {
  value: string;
  raw?: string;
  expanded?: string;
  origin: "explicit" | "default";
  defaultFrom?: string;
  file?: string;
  line?: number;
  column?: number;
  locationPath?: string;
  target?: string;
  locked?: boolean;
  encrypted?: boolean;
}

export interface Locks {
  attributes?: string[];
  elements?: string[];
  item?: boolean;
  sources?: Source[];
}

export interface Element {
  name: string;
  attributes: Record<string, Attribute>;
  elements: Record<string, Element>;
  elementOrder?: string[];
  collection: Element[];
  source?: Source;
  locks?: Locks;
  removed?: { key: string; directive: string; source: Source }[];
}

export interface Input extends Source {
  applied: boolean;
  why?: string;
}

export interface Section {
  name: string;
  overrideModeEffective: string;
  isLocked: boolean;
  lockReason?: { summary: string; steps: Source[] };
  noSchema?: boolean;
  encrypted?: boolean;
  declaration?: Source;
  allowDefinition?: string;
  overrideModeDefault?: string;
  element: Element | null;
  inputs?: Input[];
}

export interface Level {
  configPath: string;
  file?: string;
  candidate?: string;
  builtin?: boolean;
  skipped?: string;
  note?: string; // why this file is the one read (shared configuration, at APPHOST)
}

export interface Mapping {
  site: string;
  siteId: number;
  appPath: string;
  appPool: string;
  vdirPath: string;
  urlPath: string;
  physicalPath: string;
  physicalPathExpanded: string;
  noPhysicalPath?: boolean;
}

export interface Page {
  status: number;
  subStatus: number;
  module: string;
  notification: string;
  handler: string;
  errorCode: string;
  configError: string;
  configFile: string;
  requestedUrl: string;
  physicalPath: string;
  logonMethod: string;
  logonUser: string;
  source: { number: number; text: string; error?: boolean }[];
}

export interface HttpResponse {
  status: number;
  subStatus: number;
  diagnostic?: Diagnostic;
  page?: Page;
  text: string;
}

export interface Result {
  version: number;
  configPath: string;
  mapping?: Mapping;
  chain: Level[];
  sections: Section[];
  diagnostics: Diagnostic[];
  response?: HttpResponse;
}

export interface Vdir {
  path: string;
  physicalPath: string;
  physicalPathExpanded: string;
  allowSubDirConfig: boolean;
  source: Source;
}
export interface App {
  path: string;
  applicationPool: string;
  enabledProtocols: string;
  virtualDirectories: Vdir[];
  source: Source;
}
export interface Site {
  name: string;
  id: number;
  serverAutoStart: boolean;
  bindings: { protocol: string; bindingInformation: string }[];
  applications: App[];
  source: Source;
}
export interface SiteMap {
  sites: Site[];
  pools: { name: string; source: Source }[];
}

/** A gallery sample as the samples op returns it (field case tolerated). */
export interface Sample {
  name: string;
  title: string;
  group: string;
  order: number;
  open: string;
  view: string;
  section: string;
  explanation: string[];
  bundle: string;
}

export function normSample(s: any): Sample {
  const g = (k: string) => s[k] ?? s[k[0].toUpperCase() + k.slice(1)];
  let bundle = g("bundle");
  if (Array.isArray(bundle)) bundle = new TextDecoder().decode(new Uint8Array(bundle));
  else if (typeof bundle === "string" && !/^-- .+ --\r?$/m.test(bundle) && /^[A-Za-z0-9+/=\s]+$/.test(bundle)) {
    // Go marshals []byte as base64.
    try {
      bundle = new TextDecoder().decode(Uint8Array.from(atob(bundle), (c) => c.charCodeAt(0)));
    } catch {}
  }
  let expl = g("explanation");
  if (typeof expl === "string") expl = expl.split(/\n\s*\n/);
  return {
    name: String(g("name") ?? ""),
    title: String(g("title") ?? g("name") ?? ""),
    group: String(g("group") ?? ""),
    order: Number(g("order") ?? 0),
    open: String(g("open") ?? ""),
    view: String(g("view") ?? ""),
    section: String(g("section") ?? ""),
    explanation: Array.isArray(expl) ? expl.map(String) : [],
    bundle: typeof bundle === "string" ? bundle : "",
  };
}

// ------------------------------------------------ pool view (poolConfig op)

export interface PoolRuleItem {
  kind: string; // add (pool), site, application, location, section
  name: string;
  line: number; // in the source applicationHost.config
  note?: string;
}

export interface PoolRule {
  id: string;
  summary: string;
  count: number;
  items: PoolRuleItem[];
  evidence: string;
  uncertain: boolean;
}

/** The applicationHost.config a pool's worker process reads (engine/poolconfig). */
export interface PoolConfigResult {
  pool?: string;
  path?: string; // where WAS writes the copy
  sourcePath?: string; // the applicationHost.config filtered (shared configuration honoured)
  text?: string;
  rules?: PoolRule[];
  pools?: string[];
  removed?: { start: number; end: number }[]; // cut line ranges of the source, 1-based inclusive
  error?: string;
  knownPools?: string[]; // with error: the pools the file defines
}

// ------------------------------------------- metabase mode (metabase op)

export interface MbDiagnostic {
  id: string;
  severity: "error" | "warning";
  message: string;
  file: string;
  line: number;
  column: number;
}

export interface MbTreeNode {
  name: string;
  location: string;
  keyType?: string;
  implicit?: boolean;
  line?: number;
  properties: number;
  iis7Path?: string;
  children: MbTreeNode[];
}

export interface MbProperty {
  name: string;
  id?: number;
  type: string;
  value: string;
  flags?: string[];
  values?: string[];
  inherit: boolean;
  kind: string;
  custom?: boolean;
  unknown?: boolean;
  line: number;
  column: number;
  from: string; // the key that set it
  inherited: boolean;
}

export interface MbEquivalent {
  property: string;
  from: string;
  configPath: string;
  section: string;
  xml: string;
  note?: string;
}

export interface MbEffectiveKey {
  location: string;
  keyType: string;
  exists: boolean;
  properties: MbProperty[];
  mapping?: { configPath: string; site?: string; siteId?: string; path?: string; note?: string };
  equivalents: MbEquivalent[];
}

export interface MetabaseResult {
  file: string;
  schema: string;
  diagnostics: MbDiagnostic[];
  tree: MbTreeNode[];
  key?: MbEffectiveKey;
  history?: { entries: { major: number; minor: number; metabase?: string; mbschema?: string }[]; diagnostics: MbDiagnostic[] };
}
