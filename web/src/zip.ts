// zip.ts: a small zip reader for importing a server's inetsrv\config
// folder and site folders. Reads the central directory, supports stored
// (0) and deflate (8) entries via DecompressionStream('deflate-raw'); no
// dependency. Zip64, encryption and multi-disk archives are refused.
import { frameworkFolders } from "./gen/model";

export interface ZipEntry {
  name: string; // as stored, with "/" separators
  data: Uint8Array;
}

export async function readZip(buf: ArrayBuffer, accept: (name: string) => boolean = () => true): Promise<ZipEntry[]> {
  const u8 = new Uint8Array(buf);
  const dv = new DataView(buf);
  // End of central directory: scan back over a comment of up to 64 KiB.
  let eocd = -1;
  for (let i = u8.length - 22; i >= Math.max(0, u8.length - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file (no end of central directory)");
  const count = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  if (p === 0xffffffff) throw new Error("zip64 archives are not supported");
  const out: ZipEntry[] = [];
  const utf8 = new TextDecoder("utf-8");
  const cp437 = new TextDecoder("latin1");
  for (let n = 0; n < count; n++) {
    if (dv.getUint32(p, true) !== 0x02014b50) throw new Error("corrupt zip central directory");
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const csize = dv.getUint32(p + 20, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const local = dv.getUint32(p + 42, true);
    const name = (flags & 0x800 ? utf8 : cp437).decode(u8.subarray(p + 46, p + 46 + nameLen)).replace(/\\/g, "/");
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith("/") || !accept(name)) continue;
    if (flags & 1) throw new Error(`${name}: encrypted zip entries are not supported`);
    if (dv.getUint32(local, true) !== 0x04034b50) throw new Error(`${name}: corrupt local header`);
    const start = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
    const raw = u8.subarray(start, start + csize);
    let data: Uint8Array;
    if (method === 0) data = raw.slice();
    else if (method === 8) data = await inflateRaw(raw);
    else throw new Error(`${name}: unsupported compression method ${method}`);
    out.push({ name, data });
  }
  return out;
}

async function inflateRaw(raw: Uint8Array): Promise<Uint8Array> {
  const ds = new DecompressionStream("deflate-raw");
  const stream = new Blob([raw as BlobPart]).stream().pipeThrough(ds);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Decodes a config file's bytes: UTF-8 (with or without BOM) or UTF-16 with BOM. */
export function decodeText(b: Uint8Array): string {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder("utf-16le").decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder("utf-16be").decode(b.subarray(2));
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder().decode(b.subarray(3));
  return new TextDecoder().decode(b);
}

/** The engine's folder of that version and bitness (gen/model.ts frameworkFolders), if it reads one. */
export function frameworkFolder(version: string, bits32: boolean) {
  const v = version.toLowerCase();
  return frameworkFolders.find((f) => f.version === v && f.bits32 === bits32);
}

/** The folder the server level reads its machine.config and root web.config from. */
export const SERVER_FRAMEWORK = frameworkFolders.find((f) => f.server)!;

/**
 * The .NET Framework folder a machine.config or root web.config names by
 * its folders, spelt as the engine reads it (the generated frameworkFolders,
 * docs/hierarchy.md#framework-folders): "…/Framework/v2.0.50727/config/
 * machine.config" → C:\Windows\Microsoft.NET\Framework\v2.0.50727\CONFIG\
 * machine.config. The file must sit in the Config folder of a version
 * folder (v<digits>…); the bitness comes from the folder above it
 * (Framework is 32-bit, Framework64 64-bit). A machine.config whose
 * version folder has no such parent is taken as 64-bit, the server
 * level's bitness; a web.config needs the Framework folder (an
 * application's own "v2/Config/web.config" is no root web.config). A
 * version the engine does not model keeps the folders' own spelling.
 */
export function frameworkPath(name: string): string | null {
  const parts = name.split("/").filter((s) => s && s !== ".");
  const n = parts.length;
  const file = parts[n - 1].toLowerCase();
  if (n < 3 || (file !== "machine.config" && file !== "web.config")) return null;
  if (parts[n - 2].toLowerCase() !== "config") return null;
  const version = parts[n - 3];
  if (!/^v\d+(\.\d+)*$/i.test(version)) return null;
  const arch = (parts[n - 4] ?? "").toLowerCase();
  if (arch !== "framework" && arch !== "framework64" && file === "web.config") return null;
  const bits32 = arch === "framework";
  const known = frameworkFolder(version, bits32);
  if (known) return `${known.dir}\\${parts[n - 1]}`;
  // Another version: in the Framework or Framework64 folder the engine's table names.
  const f = frameworkFolders.find((x) => x.bits32 === bits32)!;
  const archDir = f.dir.split("\\").slice(0, -2).join("\\"); // …\Framework64\v4.0.30319\Config → …\Framework64
  return `${archDir}\\${version.toLowerCase()}\\${parts[n - 2]}\\${parts[n - 1]}`;
}

/**
 * Maps a zip entry name onto a Windows path. Archives made from a server
 * rarely carry drive letters, so we recognise the usual shapes:
 *   C/inetpub/wwwroot/web.config          (drive-mirroring, as `-w DIR`)
 *   .../inetsrv/config/applicationHost.config, .../config/schema/X.xml
 *   .../Framework[64]/<version>/Config/machine.config and web.config, in that
 *     framework folder; a machine.config elsewhere, where the server level reads it
 *   anything else: relative to the root folder given (default C:\inetpub\wwwroot)
 */
export function zipNameToPath(name: string, siteRoot = "C:\\inetpub\\wwwroot"): string | null {
  const parts = name.split("/").filter((s) => s && s !== ".");
  if (!parts.length) return null;
  const lower = parts.map((s) => s.toLowerCase());
  const file = lower[lower.length - 1];
  if (!/\.(config|xml)$/.test(file)) return null;
  if (/^[a-z]$/i.test(parts[0]) && parts.length > 1) return parts[0].toUpperCase() + ":\\" + parts.slice(1).join("\\");
  if (lower[0] === "unc" && parts.length > 2) return "\\\\" + parts.slice(1).join("\\");
  const ci = lower.lastIndexOf("inetsrv");
  if (ci >= 0 && lower[ci + 1] === "config") return "C:\\Windows\\System32\\inetsrv\\" + parts.slice(ci + 1).join("\\");
  if (file === "applicationhost.config" || file === "administration.config" || file === "redirection.config")
    return "C:\\Windows\\System32\\inetsrv\\config\\" + parts[parts.length - 1];
  if (lower[lower.length - 2] === "schema" && file.endsWith(".xml"))
    return "C:\\Windows\\System32\\inetsrv\\config\\schema\\" + parts[parts.length - 1];
  const fw = frameworkPath(name);
  if (fw) return fw;
  // A machine.config whose folders name no framework folder goes where the
  // server level reads it (docs/hierarchy.md#framework-folders).
  if (file === "machine.config") return SERVER_FRAMEWORK.dir + "\\machine.config";
  if (file !== "web.config") return null;
  const wi = lower.indexOf("wwwroot");
  if (wi >= 0 && lower[wi - 1] !== "inetpub") return "C:\\inetpub\\" + parts.slice(wi).join("\\");
  const ii = lower.indexOf("inetpub");
  if (ii >= 0) return "C:\\" + parts.slice(ii).join("\\");
  return siteRoot + "\\" + parts.join("\\");
}
