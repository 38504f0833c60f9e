import { expect, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

export interface EasyReadFindings extends TargetFindings {
  smallText: string[];
  tightLines: string[];
  pictogramsOnWrongSide: string[];
  /**
   * What easy read promises a picture beside and has none: each question or heading (every
   * `h1`–`h3` and `legend` must sit in a `.prompt` row with its picture), each choice (a radio
   * or tick, or a `.choice-row`), each review row and each "you said, we did".
   */
  missingPictograms: string[];
  /** How many pictograms are on the screen: a screen with none is not easy read. */
  pictograms: number;
  /** Read-aloud buttons before the words they read (they follow them). */
  readAloudOnWrongSide: string[];
  /** How many read-aloud buttons were measured. */
  readAloudButtons: number;
  /** How far the page is wider than the screen (it must not scroll sideways). */
  overflowX: number;
  lang: string;
  dir: string;
  rootLang: string;
  rootDir: string;
  /** Every piece of text in the screen, for the sentence-length check. */
  texts: string[];
}

/**
 * Measures the easy-read rules on the survey as it is on screen (domain.md, "Easy read"):
 * every target at least 48 × 48 px and at least 8 px from the next; text at least 24 px
 * with line height 1.5; a picture beside every heading, question and choice, before its words
 * (left, or right when right to left); and each read-aloud button after them. `rootSelector` names the screen when it is not the
 * survey (the kiosk's "Are you still there?" sits over it).
 */
export async function measureEasyRead(
  page: Page,
  rootSelector = '.survey',
): Promise<EasyReadFindings> {
  const rest = await page.evaluate(async (selector) => {
    const root = document.querySelector<HTMLElement>(selector)!;
    // Pictures still loading are waited for, so a broken one (nothing to show) counts as none.
    await Promise.all(
      [...root.querySelectorAll<HTMLImageElement>('img.pictogram')]
        .filter((img) => !img.complete)
        .map(
          (img) =>
            new Promise((done) => {
              img.addEventListener('load', done, { once: true });
              img.addEventListener('error', done, { once: true });
            }),
        ),
    );
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && r.right > 0;
    };
    const textElements = [...root.querySelectorAll('*')].filter(
      (el) =>
        visible(el) &&
        [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()),
    );
    const smallText = textElements
      .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 24)
      .map((el) => `${name(el)} ${getComputedStyle(el).fontSize}`);
    const tightLines = textElements
      .filter((el) => {
        const style = getComputedStyle(el);
        return parseFloat(style.lineHeight) / parseFloat(style.fontSize) < 1.5 - 0.01;
      })
      .map((el) => `${name(el)} ${getComputedStyle(el).lineHeight}`);
    // A picture beside each idea: in the row, before the words, visible.
    const hasPicture = (row: Element) =>
      [...row.querySelectorAll('img.pictogram')].some(
        (img) => visible(img) && (img as HTMLImageElement).naturalWidth > 0,
      );
    const missingPictograms: string[] = [];
    for (const heading of root.querySelectorAll('h1, h2, h3, legend')) {
      if (!visible(heading)) continue;
      const row = heading.closest('.prompt');
      if (!row || !hasPicture(row)) missingPictograms.push(`heading ${name(heading)}`);
    }
    for (const row of root.querySelectorAll('.prompt, .choice-row, .review-row, .outcome'))
      if (visible(row) && !hasPicture(row)) missingPictograms.push(`row ${name(row)}`);
    // Every choice, wherever it is; the look switches on the first screen (easy read, high
    // contrast) are settings of the screen, not answers.
    for (const input of root.querySelectorAll('input[type=radio], input[type=checkbox]')) {
      if (input.closest('.toggle')) continue;
      const row = input.closest('.choice-row') ?? input.closest('label');
      if (!row || !visible(row)) {
        if (!row) missingPictograms.push(`choice with no row ${name(input.parentElement!)}`);
        continue;
      }
      if (!row.matches('.choice-row') && !hasPicture(row))
        missingPictograms.push(`choice ${name(row)}`);
    }
    const pictograms = [...root.querySelectorAll('img.pictogram')].filter(visible).length;
    const rtl = getComputedStyle(root).direction === 'rtl';
    const pictogramsOnWrongSide = [...root.querySelectorAll('img.pictogram')]
      .filter(visible)
      .filter((img) => {
        const words = img.parentElement!.querySelector('.words, h1, h2');
        if (!words) return true;
        const ri = img.getBoundingClientRect();
        const rw = words.getBoundingClientRect();
        return rtl ? ri.left < rw.right - 1 : ri.right > rw.left + 1;
      })
      .map((img) => name(img.parentElement!));
    const readAloud = [...root.querySelectorAll('button.read-aloud')].filter(visible);
    const readAloudOnWrongSide = readAloud
      .filter((button) => {
        // The words it reads: beside it in the same row (a question, a choice, a review row).
        const row = button.closest('.prompt, .choice-row, .review-row, .outcome');
        const words = row?.querySelector('.words, h1, h2');
        if (!words) return false;
        const rb = button.getBoundingClientRect();
        const rw = words.getBoundingClientRect();
        // On a line of its own it must come below the words; beside them, after them.
        if (rb.bottom <= rw.top || rb.top >= rw.bottom) return rb.bottom <= rw.top;
        return rtl ? rb.right > rw.left + 1 : rb.left < rw.right - 1;
      })
      .map((button) => name(button.closest('.prompt, .choice-row, .review-row, .outcome')!));
    return {
      smallText,
      tightLines,
      pictogramsOnWrongSide,
      missingPictograms,
      pictograms,
      readAloudOnWrongSide,
      readAloudButtons: readAloud.length,
      overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      rootLang: root.lang,
      rootDir: root.dir,
      texts: textElements.map((el) => el.textContent.trim()),
    };
  }, rootSelector);
  // Measured once the pictures have loaded, so the layout is the one people see.
  return { ...(await measureTargets(page, rootSelector)), ...rest };
}

export interface TargetFindings {
  /** Targets under 48 × 48 px, with their size. */
  smallTargets: string[];
  /** Pairs of targets less than 8 px apart, with the gap. */
  closeTargets: string[];
}

/**
 * Measures what a finger presses under `rootSelector` as it is on screen: buttons, links,
 * text boxes, and the labels around radios and ticks, each at least 48 × 48 px and at least
 * 8 px from the next (easy read, and the kiosk standard for every kiosk screen).
 */
export async function measureTargets(page: Page, rootSelector: string): Promise<TargetFindings> {
  return page.evaluate((selector) => {
    const root = document.querySelector<HTMLElement>(selector)!;
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && r.right > 0;
    };
    const targets = [
      ...root.querySelectorAll(
        'button, a[href], textarea, select, label:has(input), input:not([type=radio], [type=checkbox])',
      ),
    ].filter(visible);
    const smallTargets = targets
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width < 48 || r.height < 48;
      })
      .map((el) => {
        const r = el.getBoundingClientRect();
        return `${name(el)} ${Math.round(r.width)}×${Math.round(r.height)}`;
      });
    const closeTargets: string[] = [];
    for (let i = 0; i < targets.length; i++)
      for (let j = i + 1; j < targets.length; j++) {
        const a = targets[i]!;
        const b = targets[j]!;
        if (a.contains(b) || b.contains(a)) continue;
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        const dx = Math.max(0, rb.left - ra.right, ra.left - rb.right);
        const dy = Math.max(0, rb.top - ra.bottom, ra.top - rb.bottom);
        if (Math.max(dx, dy) < 8)
          closeTargets.push(`${name(a)} / ${name(b)} ${Math.max(dx, dy)}px`);
      }
    return { smallTargets, closeTargets };
  }, rootSelector);
}

/** Every target under `rootSelector` at least 48 × 48 px and 8 px from the next. */
export async function expectKioskTargets(page: Page, rootSelector: string): Promise<void> {
  const found = await measureTargets(page, rootSelector);
  expect(found.smallTargets, 'targets under 48 × 48 px').toEqual([]);
  expect(found.closeTargets, 'targets closer than 8 px').toEqual([]);
}

/** All the easy-read checks, and axe-core, on the screen as it is now. */
export async function expectEasyRead(
  page: Page,
  language: string,
  dir: 'ltr' | 'rtl',
  rootSelector = '.survey',
) {
  const found = await measureEasyRead(page, rootSelector);
  expect(found.smallTargets, 'targets under 48 × 48 px').toEqual([]);
  expect(found.closeTargets, 'targets closer than 8 px').toEqual([]);
  expect(found.smallText, 'text under 24 px').toEqual([]);
  expect(found.tightLines, 'line height under 1.5').toEqual([]);
  expect(found.pictograms, 'pictograms on the screen').toBeGreaterThan(0);
  expect(found.missingPictograms, 'questions, headings and choices with no picture').toEqual([]);
  expect(found.pictogramsOnWrongSide, 'pictograms after their words').toEqual([]);
  expect(found.readAloudOnWrongSide, 'read-aloud buttons before their words').toEqual([]);
  expect(found.overflowX, 'the page scrolls sideways').toBeLessThanOrEqual(0);
  expect([found.lang, found.dir, found.rootLang, found.rootDir]).toEqual([
    language,
    dir,
    language,
    dir,
  ]);
  await expectNoAxeViolations(page);
  return found;
}

/**
 * Sentences with more than `maxWords` words (easy read: one short idea each), from texts such
 * as `measureEasyRead(...).texts`. Splits after . ? ! and the Bengali and Urdu full stops.
 */
export function longSentences(texts: readonly string[], maxWords = 15): string[] {
  return texts
    .flatMap((text) => text.split(/(?<=[.?!।۔])\s+/))
    .filter((sentence) => sentence.split(/\s+/).filter(Boolean).length > maxWords);
}

/** What {@link measureGlyphs} found: each letter beside a glyph no font has. */
export interface GlyphFindings {
  /** Each different letter (grapheme) of the text, in the text's own font and language. */
  letters: {
    letter: string;
    width: number;
    /** Drawn pixel for pixel as the missing-glyph box is: no font on the machine has it. */
    box: boolean;
  }[];
}

/**
 * Draws each letter of the text under `selector` in its own font and language, and a code
 * point no font has (U+10FFFD, private use), which comes out as the missing-glyph box
 * ("tofu"). Without a font for the script, every letter is that same box, pixel for pixel.
 */
export async function measureGlyphs(page: Page, selector: string): Promise<GlyphFindings> {
  return page.evaluate((selector) => {
    const element = document.querySelector<HTMLElement>(selector)!;
    const text = element.textContent;
    const style = getComputedStyle(element);
    const size = parseFloat(style.fontSize);
    // Drawn inside the element, so the same `lang` picks the same fallback fonts.
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(size * 6);
    canvas.height = Math.ceil(size * 3);
    canvas.style.cssText = 'position:absolute;visibility:hidden';
    element.append(canvas);
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const draw = (letter: string) => {
      context.clearRect(0, 0, canvas.width, canvas.height);
      context.font = `${size}px ${style.fontFamily}`;
      context.textBaseline = 'middle';
      context.fillText(letter, size, canvas.height / 2);
      return {
        pixels: context.getImageData(0, 0, canvas.width, canvas.height).data,
        width: context.measureText(letter).width,
      };
    };
    const box = draw('\u{10FFFD}').pixels;
    const same = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a.every((v, i) => v === b[i]);
    const segments = new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text);
    // Letters, marks, digits, and private-use characters (for the check on itself).
    const letters = [
      ...new Set(
        [...segments].map((s) => s.segment).filter((g) => /[\p{L}\p{M}\p{N}\p{Co}]/u.test(g)),
      ),
    ].map((letter) => {
      const drawn = draw(letter);
      return { letter, width: drawn.width, box: same(drawn.pixels, box) };
    });
    canvas.remove();
    return { letters };
  }, selector);
}

/** Letters drawn as missing-glyph boxes, and how many different widths the letters have. */
function glyphProblems(found: GlyphFindings) {
  return {
    boxes: found.letters.filter((l) => l.box).map((l) => l.letter),
    widths: new Set(found.letters.map((l) => Math.round(l.width * 4))).size,
  };
}

/**
 * Real glyphs, not boxes, for the text under `selector`: no letter drawn as the missing-glyph
 * box, and the letters not all one width (as boxes are). The same measure is first taken of
 * code points no font has, which must come out as boxes, so the check can fail.
 */
export async function expectRealGlyphs(page: Page, selector: string): Promise<GlyphFindings> {
  const missing = ['\u{10FFF0}', '\u{10FFF1}', '\u{10FFF2}', '\u{10FFF3}', '\u{10FFF4}'];
  await page.evaluate(
    ([selector, text]) => {
      const control = document.createElement('p');
      control.id = 'glyph-control';
      control.textContent = text;
      document.querySelector(selector)!.append(control);
    },
    [selector, missing.join('')] as const,
  );
  const control = glyphProblems(await measureGlyphs(page, '#glyph-control'));
  await page.evaluate(() => document.getElementById('glyph-control')!.remove());
  expect(control, 'code points with no glyph anywhere: all boxes, all one width').toEqual({
    boxes: missing,
    widths: 1,
  });

  const found = await measureGlyphs(page, selector);
  expect(found.letters.length, `letters in ${selector}`).toBeGreaterThan(5);
  const problems = glyphProblems(found);
  expect(problems.boxes, `letters of ${selector} drawn as missing-glyph boxes`).toEqual([]);
  expect(problems.widths, `different letter widths in ${selector}`).toBeGreaterThan(3);
  return found;
}
