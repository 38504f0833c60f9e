import { resolve, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, loadConfigFromFile, type Plugin, type PluginOption, type Rolldown } from 'vite';

/**
 * The admin console must never weigh on the tablet's screens (issue 6): its code is in its own
 * chunks, loaded only on `#/admin…`. This builds the app as `vite build` does (the project's
 * own config, in memory) and follows the chunks the browser can load: every static import,
 * and every lazy one except into the console. None of those chunks may hold a module of the
 * console. The service worker plugin is left out: it only writes `sw.js` after the app's
 * chunks are made, and would write it into dist/.
 */

const CONSOLE_DIR = resolve('src/app/routes/admin') + sep;
const inConsole = (id: string) => id.startsWith(CONSOLE_DIR);

async function flatPlugins(options: PluginOption[]): Promise<Plugin[]> {
  const plugins: Plugin[] = [];
  for (const option of options) {
    const value = await option;
    if (Array.isArray(value)) plugins.push(...(await flatPlugins(value)));
    else if (value) plugins.push(value);
  }
  return plugins;
}

let chunks: Map<string, Rolldown.OutputChunk>;

beforeAll(async () => {
  const loaded = await loadConfigFromFile(
    { command: 'build', mode: 'production' },
    'vite.config.ts',
  );
  const { config } = loaded!;
  const plugins = (await flatPlugins(config.plugins ?? [])).filter(
    (plugin) => !plugin.name.startsWith('vite-plugin-pwa'),
  );
  const output = await build({
    ...config,
    configFile: false,
    plugins,
    logLevel: 'silent',
    build: { ...config.build, write: false },
  });
  const results = Array.isArray(output) ? output : [output as Rolldown.RolldownOutput];
  chunks = new Map(
    results
      .flatMap((result) => result.output)
      .filter((item): item is Rolldown.OutputChunk => item.type === 'chunk')
      .map((chunk) => [chunk.fileName, chunk]),
  );
}, 120_000);

/** Every chunk the page can load from the entry without opening the console. */
function outsideTheConsole(): Rolldown.OutputChunk[] {
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry)!;
  const seen = new Map<string, Rolldown.OutputChunk>();
  const visit = (chunk: Rolldown.OutputChunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.set(chunk.fileName, chunk);
    for (const name of chunk.imports) visit(chunks.get(name)!);
    for (const name of chunk.dynamicImports) {
      const lazy = chunks.get(name);
      if (lazy && !(lazy.facadeModuleId !== null && inConsole(lazy.facadeModuleId))) visit(lazy);
    }
  };
  visit(entry);
  return [...seen.values()];
}

const facades = (list: Rolldown.OutputChunk[]) =>
  list.map((chunk) => chunk.facadeModuleId).filter((id): id is string => id !== null);

describe('the capture screens’ JS', () => {
  it('the console is in the build, as lazy chunks of its own', () => {
    const consoleEntry = resolve('src/app/routes/admin/AdminScreen.svelte');
    const lazy = [...chunks.values()].find((chunk) => chunk.facadeModuleId === consoleEntry);
    expect(lazy?.isDynamicEntry).toBe(true);
    const consoleModules = [...chunks.values()].flatMap((c) => c.moduleIds.filter(inConsole));
    expect(consoleModules.length).toBeGreaterThan(20);
  });

  it('reaches the capture, kiosk, survey and sign-up screens without opening the console', () => {
    expect(facades(outsideTheConsole())).toEqual(
      expect.arrayContaining(
        [
          'src/app/routes/workshop/CaptureScreen.svelte',
          'src/app/routes/kiosk/KioskScreen.svelte',
          'src/app/routes/survey/SurveyRunScreen.svelte',
          'src/app/routes/signup/SignUpScreen.svelte',
        ].map((path) => resolve(path)),
      ),
    );
  });

  it('carries no module of the console in anything they load, first paint included', () => {
    const carried = outsideTheConsole().flatMap((chunk) =>
      chunk.moduleIds.filter(inConsole).map((id) => `${chunk.fileName}: ${id}`),
    );
    expect(carried).toEqual([]);
  });
});
