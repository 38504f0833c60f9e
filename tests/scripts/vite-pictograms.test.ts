import { describe, expect, it } from 'vitest';
import {
  loadAllPictograms,
  loadPictogramSvg,
  minifySvg,
  openmojiSvgDir,
  pictogramEntries,
} from '../../scripts/vite-pictograms';
import { PICTOGRAM_IDS, PICTOGRAMS, pictogramUrl } from '../../src/shared/survey/pictograms';

const svgDir = openmojiSvgDir();

describe('pictogramEntries', () => {
  it('lists every catalogue id once, at the path the app asks for', () => {
    const entries = pictogramEntries();
    expect(entries.map((entry) => entry.id)).toEqual(PICTOGRAM_IDS);
    for (const entry of entries) {
      expect(entry.hexcode).toBe(PICTOGRAMS[entry.id as keyof typeof PICTOGRAMS]);
      expect(`/${entry.fileName}`).toBe(pictogramUrl(entry.id as keyof typeof PICTOGRAMS));
    }
  });
});

describe('loadPictogramSvg', () => {
  it.each(pictogramEntries())('$id ($hexcode) is a non-empty SVG with a viewBox', async (entry) => {
    const svg = await loadPictogramSvg(entry, svgDir);
    expect(svg).toMatch(/^<svg\b[^>]*\sviewBox="0 0 72 72"/);
    expect(svg).toMatch(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/<(path|circle|ellipse|rect|polygon|polyline|line)\b/);
    expect(svg).not.toMatch(/>\s+</);
    expect(svg).not.toMatch(/<!--|<metadata|<\?xml/);
  });

  it('names the id, the hexcode and the fix when the package has no such SVG', async () => {
    await expect(loadPictogramSvg({ id: 'nope', hexcode: '1F000F' }, svgDir)).rejects.toThrow(
      /"nope" \(OpenMoji 1F000F\) has no colour SVG in the openmoji package.*src\/shared\/survey\/pictograms\.ts/,
    );
  });

  it('refuses a hexcode that is not one, without touching the file system', async () => {
    await expect(
      loadPictogramSvg({ id: 'sneaky', hexcode: '../../package' }, svgDir),
    ).rejects.toThrow(/"sneaky" .* is not an OpenMoji hexcode/);
  });
});

describe('loadAllPictograms', () => {
  it('loads the whole catalogue', async () => {
    const all = await loadAllPictograms(PICTOGRAMS, svgDir);
    expect(all).toHaveLength(PICTOGRAM_IDS.length);
  });

  it('reports every bad entry at once', async () => {
    const promise = loadAllPictograms({ yes: '1F44D', a: 'FFFF0', b: 'FFFF1' }, svgDir);
    await expect(promise).rejects.toThrow(/"a" \(OpenMoji FFFF0\)[\s\S]*"b" \(OpenMoji FFFF1\)/);
  });
});

describe('minifySvg', () => {
  it('drops prolog, comments, metadata and empty layers; keeps attributes and path data', () => {
    const input = `<?xml version="1.0"?>
<!-- made by hand -->
<svg id="emoji" viewBox="0 0 72 72" xmlns="http://www.w3.org/2000/svg">
  <metadata><rdf:RDF/></metadata>
  <g id="hair"/>
  <g id="line">
    <path d="M1 2 L3 4" stroke="#000"/>
  </g>
</svg>
`;
    expect(minifySvg(input)).toBe(
      '<svg id="emoji" viewBox="0 0 72 72" xmlns="http://www.w3.org/2000/svg">' +
        '<g id="line"><path d="M1 2 L3 4" stroke="#000"/></g></svg>',
    );
  });
});
