// host.ts: what the playground shell offers the modules it hosts (panels,
// dialogs, the gallery). They are handed an AppHost and use nothing else of
// App, so adding a panel or a dialog needs no change to the shell.
import type { State } from "../engine/protocol";
import type { Result, Diagnostic, SiteMap } from "../model";
import type { Engine } from "../api";
import type { Editors } from "../ui/editor";
import type { Workspace } from "./workspace";
import type { Current, Incoming } from "./replace";
import type { NotifyOptions } from "./layout";

/**
 * Sections whose element is never fetched in large mode (a hosting
 * server's sites section is hundreds of MB of JSON at 10,000 sites; the
 * Sites tab shows the sites). Their summary (lock state) still is.
 */
export const HEAVY_SECTIONS: readonly string[] = ["system.applicationHost/sites"];

export type LeftTab = "files" | "sites" | "samples";

export interface AppHost {
  readonly engine: Engine;
  readonly workspace: Workspace;
  readonly editors: Editors;
  /** The latest evaluation of the chosen path (null before the first). */
  readonly result: Result | null;
  /** Every file's diagnostics by lower-case path (the chosen path's only, in large mode). */
  readonly fileDiags: Map<string, Diagnostic[]>;
  /** Sites, applications, virtual directories and pools (null until fetched). */
  readonly siteMap: SiteMap | null;
  /** Grows with every evaluation: an answer asked for before a newer one is stale. */
  readonly generation: number;
  /** The section filter's text, trimmed. */
  filter(): string;
  /** Sets the section filter and redraws the panels. */
  setFilter(text: string): void;
  /** The first workspace is shown by the engine (see whenLoaded). */
  readonly loaded: boolean;
  /** Resolves once the first workspace is shown by the engine (at once after that). */
  whenLoaded(): Promise<void>;
  /** Sends every pending edit to the engine and evaluates now. */
  refresh(): Promise<void>;
  /** Evaluates soon, coalescing with a running evaluation. */
  schedule(): void;
  /**
   * Loads st's files, path and view as a change of this workspace (an
   * appcmd write, its undo, a restore, files added by an import): it
   * counts as an edit.
   */
  loadState(st: State): Promise<void>;
  /**
   * Replaces the workspace with another one (a sample, a link, an import,
   * Reset, a recent workspace): the one replaced is kept in Recent
   * workspaces, and the user is asked first when it holds edits no link or
   * export has. Resolves false when nothing changed (the user kept it, or
   * the engine refused st, which the user is told).
   */
  replaceWorkspace(st: State, from: Incoming, cur?: Current | null): Promise<boolean>;
  /** Keeps the workspace in Recent workspaces as it is now (before a change it may want back). */
  keepInRecent(): Promise<void>;
  /** A link or an export now holds every edit (Share, Export). */
  markKept(): void;
  /** Chooses the URL or config path to evaluate. */
  setPath(p: string): void;
  /** Opens a file in the editor at a line and focuses it (every source link in the panels). */
  jump(file: string, line: number, column?: number): void;
  /** Shows a file at a line in the editor without taking the focus; false when the workspace has no such file. */
  reveal(file: string, line: number, column?: number): boolean;
  openFile(path: string): void;
  /** Focuses a section: shows the merge stack with its inputs. */
  focusSection(name: string): void;
  /** Shows a registered panel (an unknown id shows Effective). */
  showPanel(id: string): void;
  showLeft(id: LeftTab): void;
  /** Opens a sample of the gallery; without a name, the course's next lesson (the first not done). */
  openSample(name?: string): Promise<void>;
  /** A short message for the user (role=alert, hides after a few seconds unless it stays). */
  notify(msg: string, opts?: NotifyOptions): void;
}
