// importsource.ts: what the user gave to import, as ImportItems for the
// planner (importplan.ts): pasted text (a bundle or one configuration
// file), chosen files (configuration files, bundles, zips), a chosen or
// dropped folder (walked with its subfolders). Only configuration files
// (.config, .xml) are read out of folders and zips; bundles (.txtar) and
// zips are opened.
import type { FileState } from "./engine/protocol";
import type { ImportItem } from "./importplan";
import { parseTxtar, looksLikeTxtar } from "./txtar";
import { readZip, decodeText } from "./zip";

export interface Collected {
  items: ImportItem[];
  env?: Record<string, string>;
  /** The path an exported bundle kept in its comment ("path: …" line). */
  path?: string;
  /** Problems met (a damaged zip, a bundle error), each naming its source. */
  problems: string[];
  /** Names that are not configuration files (not imported). */
  skipped: string[];
}

/** Parses a bundle exactly as the engine's Go does (the parseBundle op, in tools.wasm); null when it is not at hand. */
export type BundleParser = (text: string) => Promise<{ files?: FileState[]; env?: Record<string, string>; error?: string } | null>;

/** The line of an exported bundle's comment that keeps the chosen path (dialogs/share.ts writes it). */
export const PATH_COMMENT = "path: ";

const CONFIG_NAME = /\.(config|xml)$/i;
const BUNDLE_NAME = /\.txtar$/i;
const ZIP_NAME = /\.zip$/i;

export function emptyCollected(): Collected {
  return { items: [], problems: [], skipped: [] };
}

/** Text typed or pasted: a bundle, or one configuration file. */
export async function fromText(text: string, parse: BundleParser, out = emptyCollected()): Promise<Collected> {
  if (!text.trim()) return out;
  if (looksLikeTxtar(text)) return addBundle(text, "pasted bundle", parse, out);
  if (/^\s*(<\?xml|<!--|<configuration\b|<)/.test(text)) {
    out.items.push({ name: "", text, from: "pasted text" });
    return out;
  }
  out.problems.push("The pasted text is neither a bundle (-- path -- headers) nor a configuration file (XML).");
  return out;
}

async function addBundle(text: string, from: string, parse: BundleParser, out: Collected): Promise<Collected> {
  const head = /^-- .+ --\r?$/m.exec(text);
  const kept = (head ? text.slice(0, head.index) : "").split("\n").find((l) => l.startsWith(PATH_COMMENT));
  if (kept) out.path = kept.slice(PATH_COMMENT.length).trim();
  // A hosting server's bundle is read here rather than through the engine:
  // its answer would be megabytes of JSON parsed in one main-thread task.
  const r = text.length > 1_000_000 ? null : await parse(text).catch(() => null);
  if (r?.error) {
    out.problems.push(`${from}: ${r.error}`);
    return out;
  }
  // The engine answers its files sorted by path: show them in the bundle's order.
  const at = (p: string) => text.indexOf("-- " + p + " --");
  const b = r?.files ? { files: [...r.files].sort((x, y) => at(x.path) - at(y.path)), env: r.env } : parseTxtar(text);
  for (const f of b.files) out.items.push({ name: f.path, text: f.text, from, abs: true, unreadable: f.unreadable });
  if (b.env && Object.keys(b.env).length) out.env = { ...(out.env ?? {}), ...b.env };
  return out;
}

/** A file with the path it had below a chosen or dropped folder ("" for a loose file). */
export interface GivenFile {
  file: File;
  rel: string; // "MySite/app/web.config" (webkitRelativePath, or built while walking a drop)
}

/** Chosen or dropped files: configuration files, bundles and zips, with their folders. */
export async function fromFiles(list: GivenFile[], parse: BundleParser, out = emptyCollected()): Promise<Collected> {
  for (const { file, rel } of list) {
    const name = rel || file.name;
    const root = rel.includes("/") ? rel.slice(0, rel.indexOf("/")) : undefined;
    if (ZIP_NAME.test(file.name)) {
      await addZip(file, out);
      continue;
    }
    if (BUNDLE_NAME.test(file.name)) {
      await addBundle(decodeText(new Uint8Array(await file.arrayBuffer())), file.name, parse, out);
      continue;
    }
    if (!CONFIG_NAME.test(file.name) && root) {
      out.skipped.push(name); // a site's pages, images and binaries
      continue;
    }
    if (!CONFIG_NAME.test(file.name)) {
      // A zip or bundle saved under another name is recognised by its bytes.
      const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
      if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) {
        await addZip(file, out);
        continue;
      }
      if (file.size < 50_000_000) {
        const text = decodeText(new Uint8Array(await file.arrayBuffer()));
        if (looksLikeTxtar(text)) {
          await addBundle(text, file.name, parse, out);
          continue;
        }
      }
      out.skipped.push(name);
      continue;
    }
    out.items.push({ name, text: decodeText(new Uint8Array(await file.arrayBuffer())), from: root ? `${root} (folder)` : file.name, root });
  }
  return out;
}

async function addZip(file: File, out: Collected): Promise<void> {
  try {
    const skipped: string[] = [];
    const entries = await readZip(await file.arrayBuffer(), (n) => {
      if (CONFIG_NAME.test(n)) return true;
      skipped.push(n);
      return false;
    });
    out.skipped.push(...skipped.map((s) => `${file.name}: ${s}`));
    // "Send to compressed folder" puts everything in a folder named as the
    // zip: that folder stands for the site's root folder.
    const base = file.name.replace(/\.zip$/i, "");
    const tops = new Set(entries.map((e) => e.name.split("/")[0]));
    const root = tops.size === 1 && entries.every((e) => e.name.includes("/")) && [...tops][0].toLowerCase() === base.toLowerCase() ? [...tops][0] : undefined;
    for (const e of entries) out.items.push({ name: e.name, text: decodeText(e.data), from: file.name, root });
  } catch (e) {
    out.problems.push(`${file.name}: ${(e as Error).message}`);
  }
}

/**
 * The files of a drop, folders walked. entries and files must be taken from
 * the DataTransfer during the drop event (it is emptied afterwards):
 *   const entries = [...dt.items].map((i) => (i.kind === "file" ? i.webkitGetAsEntry() : null));
 */
export async function droppedFiles(entries: (FileSystemEntry | null)[], files: File[]): Promise<GivenFile[]> {
  if (!entries.some((e) => e && e.isDirectory)) return files.map((file) => ({ file, rel: "" }));
  const out: GivenFile[] = [];
  const walk = async (e: FileSystemEntry, prefix: string): Promise<void> => {
    if (e.isFile) {
      const file = await new Promise<File>((res, rej) => (e as FileSystemFileEntry).file(res, rej));
      out.push({ file, rel: prefix ? prefix + "/" + file.name : "" });
      return;
    }
    const reader = (e as FileSystemDirectoryEntry).createReader();
    const here = prefix ? prefix + "/" + e.name : e.name;
    for (;;) {
      // readEntries answers in batches (100 in Chromium) until an empty one.
      const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
      if (!batch.length) break;
      for (const c of batch) await walk(c, here);
    }
  };
  for (const e of entries) if (e) await walk(e, "");
  return out;
}
