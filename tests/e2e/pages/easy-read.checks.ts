import { expect, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

export interface EasyReadFindings {
  smallTargets: string[];
  closeTargets: string[];
  smallText: string[];
  tightLines: string[];
  pictogramsOnWrongSide: string[];
  /** How far the page is wider than the screen (it must not scroll sideways). */
  overflowX: number;
  lang: string;
  dir: string;
  rootLang: string;
  rootDir: string;
  /** Every piece of text in the survey, for the sentence-length check. */
  texts: string[];
}

/**
 * Measures the easy-read rules on the survey as it is on screen (domain.md, "Easy read"):
 * every target at least 48 × 48 px and at least 8 px from the next; text at least 24 px
 * with line height 1.5; each pictogram before its words (left, or right when right to left).
 */
export async function measureEasyRead(page: Page): Promise<EasyReadFindings> {
  return page.evaluate(() => {
    const root = document.querySelector<HTMLElement>('.survey')!;
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
    return {
      smallTargets,
      closeTargets,
      smallText,
      tightLines,
      pictogramsOnWrongSide,
      overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      rootLang: root.lang,
      rootDir: root.dir,
      texts: textElements.map((el) => el.textContent.trim()),
    };
  });
}

/** All the easy-read checks, and axe-core, on the screen as it is now. */
export async function expectEasyRead(page: Page, language: string, dir: 'ltr' | 'rtl') {
  const found = await measureEasyRead(page);
  expect(found.smallTargets, 'targets under 48 × 48 px').toEqual([]);
  expect(found.closeTargets, 'targets closer than 8 px').toEqual([]);
  expect(found.smallText, 'text under 24 px').toEqual([]);
  expect(found.tightLines, 'line height under 1.5').toEqual([]);
  expect(found.pictogramsOnWrongSide, 'pictograms after their words').toEqual([]);
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
