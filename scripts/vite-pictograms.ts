/**
 * Ships the pictograms named in src/shared/survey/pictograms.ts, straight from the `openmoji`
 * npm package (CC BY-SA 4.0), so no copied SVG lives in the repository.
 *
 * - build: emits each one as `pictograms/<id>.svg`, lightly minified. The assets are written
 *   before vite-plugin-pwa globs `dist/` in its closeBundle, so the service worker precaches
 *   them and they show offline.
 * - dev server and preview: serves `/pictograms/<id>.svg` from the package.
 *
 * A catalogue hexcode with no SVG in the package fails the build with a message naming it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { PICTOGRAMS, pictogramUrl, type PictogramId } from '../src/shared/survey/pictograms';

export type PictogramCatalogue = Readonly<Record<string, string>>;

export interface PictogramEntry {
  id: string;
  hexcode: string;
  /** Path of the emitted asset inside the build output, e.g. `pictograms/yes.svg`. */
  fileName: string;
}

const HEXCODE = /^[0-9A-F]{2,6}(?:-[0-9A-F]{2,6})*$/;
const URL_PATH = /^\/pictograms\/([a-z0-9-]+)\.svg$/;

/** The `color/svg` folder of the installed `openmoji` package. */
export function openmojiSvgDir(from: string = import.meta.url): string {
  const packageJson = createRequire(from).resolve('openmoji/package.json');
  return join(dirname(packageJson), 'color', 'svg');
}

/** Every catalogue entry with the file it becomes in the build. */
export function pictogramEntries(catalogue: PictogramCatalogue = PICTOGRAMS): PictogramEntry[] {
  return Object.entries(catalogue).map(([id, hexcode]) => ({
    id,
    hexcode,
    // pictogramUrl is the one place the app's URL is decided; the asset follows it.
    fileName: pictogramUrl(id as PictogramId).replace(/^\//, ''),
  }));
}

/**
 * Light, safe minification: drops the XML prolog, doctype, comments, metadata and empty
 * `<g id="…"/>` layer placeholders, and collapses whitespace between tags. Attributes (the
 * viewBox among them) and path data are left alone.
 */
export function minifySvg(svg: string): string {
  return svg
    .replace(/<\?xml[\s\S]*?\?>/g, '')
    .replace(/<!DOCTYPE[\s\S]*?>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<metadata[\s\S]*?<\/metadata>/g, '')
    .replace(/<g(?:\s+id="[^"]*")?\s*\/>/g, '')
    .replace(/>\s+</g, '><')
    .trim();
}

function assertLooksLikeSvg(svg: string, where: string): void {
  if (!/^<svg\b[^>]*\sviewBox="[^"]+"/.test(svg) || !svg.endsWith('</svg>')) {
    throw new Error(`Pictograms: ${where} is not an <svg> element with a viewBox.`);
  }
}

/** Reads one catalogue entry's SVG from the package and minifies it. Throws a clear error. */
export async function loadPictogramSvg(
  entry: Pick<PictogramEntry, 'id' | 'hexcode'>,
  svgDir: string = openmojiSvgDir(),
): Promise<string> {
  const { id, hexcode } = entry;
  const where = `"${id}" (OpenMoji ${hexcode})`;
  if (!HEXCODE.test(hexcode)) {
    throw new Error(
      `Pictograms: ${where} is not an OpenMoji hexcode such as 1F601 or 1F9D1-200D-2695-FE0F. ` +
        'Fix it in src/shared/survey/pictograms.ts.',
    );
  }
  const file = join(svgDir, `${hexcode}.svg`);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(
      `Pictograms: ${where} has no colour SVG in the openmoji package (looked for ${file}). ` +
        'Fix the hexcode in src/shared/survey/pictograms.ts or update the openmoji dependency.',
      { cause: error },
    );
  }
  const svg = minifySvg(raw);
  assertLooksLikeSvg(svg, where);
  return svg;
}

/** Loads every catalogue entry; rejects with every missing or broken one named. */
export async function loadAllPictograms(
  catalogue: PictogramCatalogue = PICTOGRAMS,
  svgDir: string = openmojiSvgDir(),
): Promise<{ entry: PictogramEntry; svg: string }[]> {
  const entries = pictogramEntries(catalogue);
  const results = await Promise.allSettled(entries.map((entry) => loadPictogramSvg(entry, svgDir)));
  const failures = results.flatMap((result) =>
    result.status === 'rejected' ? [(result.reason as Error).message] : [],
  );
  if (failures.length > 0) throw new Error(failures.join('\n'));
  return entries.map((entry, index) => ({
    entry,
    svg: (results[index] as PromiseFulfilledResult<string>).value,
  }));
}

export function pictogramsPlugin(catalogue: PictogramCatalogue = PICTOGRAMS): Plugin {
  let svgDir = '';
  let isBuild = false;

  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const path = (req.url ?? '').split('?')[0]!;
    const id = URL_PATH.exec(path)?.[1];
    const hexcode = id !== undefined && Object.hasOwn(catalogue, id) ? catalogue[id] : undefined;
    if (id === undefined || hexcode === undefined) {
      next();
      return;
    }
    loadPictogramSvg({ id, hexcode }, svgDir).then(
      (svg) => {
        res.statusCode = 200;
        res.setHeader('Content-Type', 'image/svg+xml');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(svg);
      },
      (error: unknown) => next(error),
    );
  };

  return {
    name: 'involve:pictograms',
    configResolved(config) {
      isBuild = config.command === 'build';
      svgDir = openmojiSvgDir();
    },
    async buildStart() {
      if (!isBuild) return;
      // Fail here, early, rather than ship a survey with a blank pictogram.
      const pictograms = await loadAllPictograms(catalogue, svgDir);
      for (const { entry, svg } of pictograms) {
        this.emitFile({ type: 'asset', fileName: entry.fileName, source: svg });
      }
    },
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
