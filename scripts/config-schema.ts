/**
 * Writes kiosk-config/schema.json (JSON Schema of the device config) from the
 * one contract module, so editors can check a config as IT types it.
 * `--check` fails when the file is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { toJsonSchema } from '@valibot/to-json-schema';
import { DeviceConfig } from '../src/contract/config.ts';

const path = resolve(import.meta.dirname, '../kiosk-config/schema.json');
const schema = { ...toJsonSchema(DeviceConfig, { errorMode: 'ignore' }), title: '政务公开设备配置 (kiosk-config/NAME.json)' };
const text = `${JSON.stringify(schema, null, 2)}\n`;
if (process.argv.includes('--check')) {
  if ((await readFile(path, 'utf8').catch(() => '')) !== text) {
    console.error('kiosk-config/schema.json is out of date: run npm run build');
    process.exit(1);
  }
} else {
  await writeFile(path, text);
}
