import { expect, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

export interface EasyReadFindings {
  smallTargets: string[];
  closeTargets: string[];
  smallText: string[];
  tightLines: string[];
  pictogramsOnWrongSide: string[];
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
 * with line height 1.5; each pictogram before its words (left, or right when right to left)
 * and each read-aloud button after them. `rootSelector` names the screen when it is not the
 * survey (the kiosk's "Are you still there?" sits over it).
 */
export async function measureEasyRead(
  page: Page,
  rootSelector = '.survey',
): Promise<EasyReadFindings> {
  return page.evaluate((selector) => {
    const root = document.querySelector<HTMLElement>(selector)!;
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && r.right > 0;
    };
    // What a finger presses: buttons, links, text boxes, and the labels around radios and ticks.
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
      smallTargets,
      closeTargets,
      smallText,
      tightLines,
      pictogramsOnWrongSide,
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
