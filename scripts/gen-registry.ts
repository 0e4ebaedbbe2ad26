// Generates the KMIP registry: spec text (../shared/spec, or $KMIP_SPEC_DIR) -> JSON transcription
// (src/spec/data/spec-*.json, messages-*.json) -> TypeScript (src/spec/generated/*.ts: tags,
// enumerations, payload, structure and attribute tables; src/messages/payloads/generated/types.ts:
// the typed payloads, structures and attribute values).
//   npx tsx scripts/gen-registry.ts           write the JSON (when the spec text is there) and the TS
//   npx tsx scripts/gen-registry.ts --check   regenerate in memory; exit 1 if anything on disk differs
// Without the spec text (a plain clone) only JSON -> TS is regenerated or checked.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitEnums, emitTags, emitTranscription } from '../src/spec/build/emit.js';
import { extractSpec, LAYOUTS } from '../src/spec/build/extract.js';
import { mergeRegistry } from '../src/spec/build/merge.js';
import type { Overrides, SpecTranscription, VersionsFile } from '../src/spec/build/model.js';
import { extractMessages } from '../src/spec/build/extract-messages.js';
import { mergeMessages, type MessageRules } from '../src/spec/build/merge-messages.js';
import type { MessagesTranscription } from '../src/spec/build/messages-model.js';
import {
  emitAttributeTable,
  emitMessagesTranscription,
  emitPayloadTables,
  emitPayloadTypes,
  emitStructureTables,
} from '../src/spec/build/emit-messages.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, 'src/spec/data');
const generatedDir = join(root, 'src/spec/generated');
const payloadTypesPath = join(root, 'src/messages/payloads/generated/types.ts');
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
function transcriptions(): {
  specs: SpecTranscription[];
  messages: MessagesTranscription[];
  fromText: boolean;
} {
  const sources = LAYOUTS.map((layout) => join(specDir, layout.source));
  if (sources.every((path) => existsSync(path))) {
    const texts = sources.map((path) => readFileSync(path, 'utf8'));
    return {
      specs: LAYOUTS.map((layout, i) => extractSpec(texts[i]!, layout)),
      messages: LAYOUTS.map((layout, i) => extractMessages(texts[i]!, layout)),
      fromText: true,
    };
  }
  console.log(`spec text not found in ${specDir}: checking JSON -> TS only`);
  return {
    specs: LAYOUTS.map((layout) => readJson<SpecTranscription>(join(dataDir, `spec-${layout.version}.json`))),
    messages: LAYOUTS.map((layout) =>
      readJson<MessagesTranscription>(join(dataDir, `messages-${layout.version}.json`)),
    ),
    fromText: false,
  };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const { specs, messages, fromText } = transcriptions();
  const [v14, v21] = specs as [SpecTranscription, SpecTranscription];
  const [m14, m21] = messages as [MessagesTranscription, MessagesTranscription];
  const model = mergeRegistry({
    v14,
    v21,
    versions: readJson<VersionsFile>(join(dataDir, 'versions.json')),
    overrides: readJson<Overrides>(join(dataDir, 'overrides.json')),
  });
  const payloads = mergeMessages({
    v14: m14,
    v21: m21,
    v14FieldTypes: v14.fieldTypes,
    registry: model,
    rules: readJson<MessageRules>(join(dataDir, 'message-rules.json')),
  });
  const outputs: [string, string][] = [
    [join(generatedDir, 'tags.ts'), emitTags(model)],
    [join(generatedDir, 'enums.ts'), emitEnums(model)],
    [join(generatedDir, 'payloads.ts'), emitPayloadTables(payloads)],
    [join(generatedDir, 'structures.ts'), emitStructureTables(payloads)],
    [join(generatedDir, 'attributes.ts'), emitAttributeTable(payloads)],
    [payloadTypesPath, emitPayloadTypes(payloads)],
  ];
  if (fromText) {
    for (const spec of specs)
      outputs.push([join(dataDir, `spec-${spec.version}.json`), emitTranscription(spec)]);
    for (const m of messages)
      outputs.push([join(dataDir, `messages-${m.version}.json`), emitMessagesTranscription(m)]);
  }

  const stale: string[] = [];
  for (const [path, text] of outputs) {
    const formatted = await format(path, text);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === formatted) continue;
    if (check) stale.push(relative(root, path));
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, formatted);
    }
  }
  const values = model.enums.reduce((n, e) => n + e.values.length, 0);
  if (stale.length > 0) {
    console.error(`registry out of date (run npm run gen:registry): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log(
    `${check ? 'checked' : 'generated'}: ${model.tags.length} tags, ${model.enums.length} enumerations, ${values} values, ` +
      `${payloads.payloads.length} payload tables, ${payloads.structs.length} structures, ${payloads.attributes.length} attributes`,
  );
}

await main();
