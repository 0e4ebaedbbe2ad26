// The policy registry: the built-in policies plus those of the policy files in `policy_path`,
// kept current while the server runs (PyKMIP docs "Policy Files": "The server tracks any changes
// made to the policy directory, supporting the addition, modification, and/or removal of policy
// files and/or policies within those files"). PyKMIP does this in a monitor process that rescans
// every second (kmip/services/server/monitor.py); we rescan on fs.watch events and on a timer,
// because fs.watch misses events on some filesystems. Loading rules (monitor.py):
//  - only regular files directly in the directory whose name ends in ".json" (case-sensitive);
//  - files are (re)read in sorted path order when new or changed; a file that fails to read or
//    parse is logged and skipped, and keeps whatever it defined before (it is retried when it
//    changes again);
//  - `default` and `public` are reserved: a file defining them has that policy thrown out with a
//    warning, its other policies load (docs "Reserved Operation Policies": "Neither can be renamed
//    or overridden by user-defined policies");
//  - when two files define the same name, the one loaded last wins and the other is cached, then
//    restored when the winner drops the name or is removed (docs "Policy Files": "the server will
//    cache older policies, dynamically restoring them should the naming collision be corrected");
//  - a policy whose file is removed, or which its file no longer defines, disappears.
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from '../../log/logger.js';
import { silentLogger } from '../../log/logger.js';
import { BUILTIN_POLICIES } from './builtin.js';
import type { OperationPolicy, PolicyCatalog } from './model.js';
import { RESERVED_POLICY_NAMES } from './model.js';
import { parsePolicyFile } from './parse.js';

export interface PolicyRegistryOptions {
  /** The policy directory (server.conf `policy_path`); undefined = built-in policies only. */
  readonly policyPath?: string | undefined;
  readonly logger?: Logger | undefined;
  /** Fallback rescan period in ms (PyKMIP: 1 s). Default 1000; 0 turns the timer off. */
  readonly rescanMs?: number | undefined;
  /** Keep watching after start (PyKMIP `live_policies`; pykmip-server sets it). Default true. */
  readonly live?: boolean | undefined;
  /** Use fs.watch besides the timer. Default true; tests turn it off to prove the fallback. */
  readonly useFsWatch?: boolean | undefined;
}

interface FileState {
  /** Changes when the file does: mtime, ctime, size and inode. */
  signature: string;
  /** The policy names this file currently contributes (reserved names excluded). */
  names: string[];
}

interface Definition {
  readonly file: string;
  readonly policy: OperationPolicy;
}

const WATCH_DEBOUNCE_MS = 25;

export class PolicyRegistry implements PolicyCatalog {
  readonly #dir: string | undefined;
  readonly #log: Logger;
  readonly #rescanMs: number;
  readonly #live: boolean;
  readonly #useFsWatch: boolean;
  readonly #files = new Map<string, FileState>();
  /** Per policy name, its definitions in load order; the last one is in force. */
  readonly #defs = new Map<string, Definition[]>();
  /** Files an fs.watch event named: re-read even if their signature looks unchanged. */
  readonly #dirty = new Set<string>();
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #scanning: Promise<void> | undefined;
  #rescanRequested = false;
  #started = false;
  #closed = false;
  #missingDirLogged = false;

  constructor(opts: PolicyRegistryOptions = {}) {
    this.#dir = opts.policyPath;
    this.#log = opts.logger ?? silentLogger;
    this.#rescanMs = opts.rescanMs ?? 1000;
    this.#live = opts.live ?? true;
    this.#useFsWatch = opts.useFsWatch ?? true;
  }

  /** Loads the policy directory once, then (when live) keeps watching it. */
  async start(): Promise<void> {
    if (this.#dir === undefined || this.#started) return;
    this.#started = true;
    await this.rescan();
    if (!this.#live || this.#closed) return;
    this.#log.info('starting the operation policy file monitor', { policyPath: this.#dir });
    this.#openWatcher();
    if (this.#rescanMs > 0) {
      this.#timer = setInterval(() => this.#background(), this.#rescanMs);
      this.#timer.unref();
    }
  }

  close(): void {
    this.#closed = true;
    this.#watcher?.close();
    this.#watcher = undefined;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    if (this.#debounce !== undefined) clearTimeout(this.#debounce);
    this.#timer = this.#debounce = undefined;
  }

  /** The policy by name: a built-in, else the file-defined policy in force. */
  get(name: string): OperationPolicy | undefined {
    return BUILTIN_POLICIES.get(name) ?? this.#defs.get(name)?.at(-1)?.policy;
  }

  /** Every known policy name, built-ins first, then file-defined ones sorted. */
  names(): string[] {
    return [...BUILTIN_POLICIES.keys(), ...[...this.#defs.keys()].sort()];
  }

  /** Scans the directory now; concurrent calls share one scan (plus one rerun if asked meanwhile). */
  rescan(): Promise<void> {
    if (this.#scanning !== undefined) {
      this.#rescanRequested = true;
      return this.#scanning;
    }
    const run = async (): Promise<void> => {
      try {
        do {
          this.#rescanRequested = false;
          await this.#scanOnce();
        } while (this.#rescanRequested && !this.#closed);
      } finally {
        this.#scanning = undefined;
      }
    };
    this.#scanning = run();
    return this.#scanning;
  }

  /** A rescan nobody awaits (timer, watch event): failures are logged, never thrown. */
  #background(): void {
    this.rescan().catch((err: unknown) => {
      this.#log.error('policy directory rescan failed', { error: String(err) });
    });
  }

  #openWatcher(): void {
    if (!this.#useFsWatch || this.#watcher !== undefined || this.#closed || this.#dir === undefined) return;
    try {
      const w = watch(this.#dir, { persistent: false }, (_event, filename) => {
        if (typeof filename === 'string' && filename.endsWith('.json')) this.#dirty.add(filename);
        this.#scheduleScan();
      });
      w.on('error', (err) => {
        this.#log.debug('policy directory watch failed; relying on the periodic rescan', {
          error: String(err),
        });
        w.close();
        if (this.#watcher === w) this.#watcher = undefined;
      });
      this.#watcher = w;
    } catch (err) {
      // Typically the directory does not exist (yet); the timer retries after each scan.
      this.#log.debug('cannot watch the policy directory', { error: String(err) });
    }
  }

  #scheduleScan(): void {
    if (this.#closed || this.#debounce !== undefined) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      this.#background();
    }, WATCH_DEBOUNCE_MS);
    this.#debounce.unref();
  }

  async #scanOnce(): Promise<void> {
    const dir = this.#dir;
    if (dir === undefined || this.#closed) return;
    const dirty = new Set(this.#dirty);
    this.#dirty.clear();
    const listing = await this.#list(dir);
    if (listing === undefined) return;
    for (const file of [...this.#files.keys()]) {
      if (listing.has(file)) continue;
      this.#log.info('removing policies for file', { file });
      this.#files.delete(file);
      for (const name of [...this.#defs.keys()]) this.#withdraw(name, file);
    }
    for (const [file, signature] of [...listing].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const known = this.#files.get(file);
      if (known !== undefined && known.signature === signature && !dirty.has(basename(file))) continue;
      await this.#load(file, signature, known);
    }
    if (this.#live && this.#watcher === undefined) this.#openWatcher();
  }

  /** Path -> signature of each candidate file; undefined when the scan cannot proceed. */
  async #list(dir: string): Promise<Map<string, string> | undefined> {
    let names: string[];
    try {
      names = await readdir(dir);
      this.#missingDirLogged = false;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        this.#log.error('cannot read the policy directory', { policyPath: dir, error: String(err) });
        return undefined;
      }
      if (!this.#missingDirLogged) this.#log.warn('the policy directory does not exist', { policyPath: dir });
      this.#missingDirLogged = true;
      names = [];
    }
    const out = new Map<string, string>();
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const file = join(dir, name);
      try {
        const st = await stat(file);
        if (st.isFile()) out.set(file, `${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.ino}`);
      } catch {
        // Removed between readdir and stat: treat as absent.
      }
    }
    return out;
  }

  async #load(file: string, signature: string, known: FileState | undefined): Promise<void> {
    this.#log.info('loading policies for file', { file });
    let policies: Map<string, OperationPolicy>;
    try {
      policies = parsePolicyFile(await readFile(file, 'utf8'));
    } catch (err) {
      this.#log.error('failure loading policy file', { file, error: (err as Error).message });
      // Like PyKMIP: remember the version so it is not re-read until it changes, and keep what the
      // file defined before.
      if (known !== undefined) known.signature = signature;
      else this.#files.set(file, { signature, names: [] });
      return;
    }
    const names: string[] = [];
    for (const [name, policy] of policies) {
      if (RESERVED_POLICY_NAMES.includes(name)) {
        this.#log.warn('policy overwrites a reserved policy and will be thrown out', { policy: name, file });
        continue;
      }
      const defs = (this.#defs.get(name) ?? []).filter((d) => d.file !== file);
      if (defs.length > 0) this.#log.debug('policy overwrites an existing policy', { policy: name, file });
      defs.push({ file, policy });
      this.#defs.set(name, defs);
      names.push(name);
      this.#log.info('loading policy', { policy: name, file });
    }
    for (const name of known?.names ?? []) {
      if (!names.includes(name)) this.#withdraw(name, file);
    }
    this.#files.set(file, { signature, names });
  }

  /** Drops `file`'s definition of `name`; the previous definition (if any) takes over. */
  #withdraw(name: string, file: string): void {
    const defs = this.#defs.get(name);
    if (defs === undefined) return;
    const rest = defs.filter((d) => d.file !== file);
    if (rest.length === defs.length) return;
    if (rest.length > 0) {
      this.#defs.set(name, rest);
    } else {
      this.#log.info('removing policy', { policy: name });
      this.#defs.delete(name);
    }
  }
}
