// The web console's built files (dist/ui: the app bundled by esbuild from console/, its style sheet
// and icon), served under /ui/assets/ from a fixed list: no request path ever reaches the file
// system. The style sheet and icon are public (the sign-in page uses them); the app only for a
// session. Files are read once and kept (they change only with a new build, which means a restart).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConsoleAsset {
  readonly contentType: string;
  /** Served without a session (the sign-in page needs it). */
  readonly public: boolean;
}

export const CONSOLE_ASSETS: Readonly<Record<string, ConsoleAsset>> = Object.freeze({
  'console.js': { contentType: 'text/javascript; charset=utf-8', public: false },
  'console.css': { contentType: 'text/css; charset=utf-8', public: true },
  'icon.svg': { contentType: 'image/svg+xml', public: true },
});

/** dist/ui, beside the compiled server (dist/transport) and from the sources (src/transport) alike. */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../dist/ui/', import.meta.url));

export class ConsoleAssets {
  readonly #dir: string;
  readonly #cache = new Map<string, Promise<Buffer>>();

  constructor(dir: string = DEFAULT_ASSETS_DIR) {
    this.#dir = dir;
  }

  get dir(): string {
    return this.#dir;
  }

  /** The asset's description and bytes; undefined for a name not in the list. */
  async read(name: string): Promise<{ asset: ConsoleAsset; bytes: Buffer } | undefined> {
    if (!Object.hasOwn(CONSOLE_ASSETS, name)) return undefined;
    const asset = CONSOLE_ASSETS[name] as ConsoleAsset;
    let bytes = this.#cache.get(name);
    if (bytes === undefined) {
      bytes = readFile(join(this.#dir, name));
      this.#cache.set(name, bytes);
      // A build that was missing may be there on the next request.
      bytes.catch(() => this.#cache.delete(name));
    }
    return { asset, bytes: await bytes };
  }
}
