// Generates the KMIP registry: spec text (../shared/spec, or $KMIP_SPEC_DIR) -> JSON transcription
// (src/spec/data/spec-*.json) -> TypeScript (src/spec/generated/*.ts).
//   npx tsx scripts/gen-registry.ts           write the JSON (when the spec text is there) and the TS
//   npx tsx scripts/gen-registry.ts --check   regenerate in memory; exit 1 if anything on disk differs
// Without the spec text (a plain clone) only JSON -> TS is regenerated or checked.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitEnums, emitTags, emitTranscription } from '../src/spec/build/emit.js';
import { extractSpec, LAYOUTS } from '../src/spec/build/extract.js';
import { mergeRegistry } from '../src/spec/build/merge.js';
import type { Overrides, SpecTranscription, VersionsFile } from '../src/spec/build/model.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, 'src/spec/data');
const generatedDir = join(root, 'src/spec/generated');
const specDir = process.env['KMIP_SPEC_DIR'] ?? resolve(root, '../shared/spec');

async function format(path: string, text: string): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, filepath: path });
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** The transcriptions, freshly extracted when the spec text is readable, else as committed. */
function transcriptions(): { specs: SpecTranscription[]; fromText: boolean } {
  const sources = LAYOUTS.map((layout) => join(specDir, layout.source));
  if (sources.every((path) => existsSync(path))) {
    const specs = LAYOUTS.map((layout, i) => extractSpec(readFileSync(sources[i]!, 'utf8'), layout));
    return { specs, fromText: true };
  }
  console.log(`spec text not found in ${specDir}: checking JSON -> TS only`);
  return {
    specs: LAYOUTS.map((layout) => readJson<SpecTranscription>(join(dataDir, `spec-${layout.version}.json`))),
    fromText: false,
  };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const { specs, fromText } = transcriptions();
  const [v14, v21] = specs as [SpecTranscription, SpecTranscription];
  const model = mergeRegistry({
    v14,
    v21,
    versions: readJson<VersionsFile>(join(dataDir, 'versions.json')),
    overrides: readJson<Overrides>(join(dataDir, 'overrides.json')),
  });
  const outputs: [string, string][] = [
    [join(generatedDir, 'tags.ts'), emitTags(model)],
    [join(generatedDir, 'enums.ts'), emitEnums(model)],
  ];
  if (fromText)
    for (const spec of specs)
      outputs.push([join(dataDir, `spec-${spec.version}.json`), emitTranscription(spec)]);

  const stale: string[] = [];
  for (const [path, text] of outputs) {
    const formatted = await format(path, text);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === formatted) continue;
    if (check) stale.push(relative(root, path));
    else writeFileSync(path, formatted);
  }
  const values = model.enums.reduce((n, e) => n + e.values.length, 0);
  if (stale.length > 0) {
    console.error(`registry out of date (run npm run gen:registry): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log(
    `${check ? 'checked' : 'generated'}: ${model.tags.length} tags, ${model.enums.length} enumerations, ${values} values`,
  );
}

await main();
