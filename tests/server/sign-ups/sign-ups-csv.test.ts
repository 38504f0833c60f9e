import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { SignUp } from '../../../src/shared/schemas/sign-up.schema';
import { safeCsv, safeCsvStream } from '../../../src/server/csv/safe-csv';
import { signUpsCsvStream } from '../../../src/server/sign-ups/sign-ups-csv';
import { makeSignUp } from '../../fixtures/signup.factory';

/** The CSV without its BOM, parsed into rows of cells. */
function cells(csv: string): string[][] {
  return Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
}

/** A stream's text, its byte-order mark kept (Response.text() would drop it). */
async function streamText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(
    await new Response(stream).arrayBuffer(),
  );
}

/** The export as a file, its sign-ups arriving in pages of two. */
async function signUpsToCsv(signUps: readonly SignUp[]): Promise<string> {
  const pages: SignUp[][] = [];
  for (let i = 0; i < signUps.length; i += 2) pages.push(signUps.slice(i, i + 2));
  return streamText(signUpsCsvStream(pages));
}

describe('the sign-ups CSV', () => {
  it('starts with a UTF-8 byte-order mark and uses CRLF line ends', async () => {
    const csv = await signUpsToCsv([makeSignUp({ name: 'Siân Bengali বাংলা' })]);
    expect(csv.startsWith('\uFEFFName,Email,')).toBe(true);
    expect(csv).toContain('\r\n');
    expect(cells(csv)[1]![0]).toBe('Siân Bengali বাংলা');
  });

  it('writes every choice in words a person reads', async () => {
    const signUp = makeSignUp({
      name: 'Robin Reader',
      email: 'robin@example.org',
      phone: '07700 900123',
      preferredContact: 'text',
      role: 'service-user',
      interests: ['Getting help at home', 'Mental health'],
      waysToTakePart: ['interview-panels', 'training-staff'],
      support: ['interpreter', 'step-free', 'companion', 'other'],
      interpreterLanguage: 'Polish',
      supportOther: 'A quiet room',
      payment: 'neither',
      hearBack: 'at-events',
      consent: {
        contact: true,
        news: true,
        version: '2026-11-v1',
        language: 'cy',
        givenAt: '2026-11-21T00:00:00.000Z',
        answeredBy: 'with-help',
      },
    });
    const [header, row] = cells(await signUpsToCsv([signUp]));
    const byColumn = Object.fromEntries(header!.map((name, i) => [name, row![i]]));
    expect(byColumn).toEqual({
      Name: 'Robin Reader',
      Email: 'robin@example.org',
      Phone: '07700 900123',
      Address: '',
      Postcode: '',
      'Preferred contact': 'Text message',
      Role: 'Service user',
      Interests: 'Getting help at home; Mental health',
      'Ways to take part': 'Interview panels; Helping train staff',
      'Support needed': 'Interpreter; Step-free access; Someone to come with them; Other',
      'Other support': 'A quiet room',
      'Interpreter language': 'Polish',
      'Expenses and payment': 'Neither (no money)',
      'Hear what happened': 'At the next event',
      'Consent version': '2026-11-v1',
      'Consent language': 'Welsh',
      'Consent given (date)': '2026-11-21',
      'News and membership': 'Yes',
      'Filled in': 'With help',
      Reference: signUp.id,
    });
  });

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const csv = await signUpsToCsv([
      makeSignUp({
        name: '=HYPERLINK("http://evil.example","Click")',
        supportOther: '@SUM(1+1)',
        support: ['other'],
        interests: ['+cmd', '-2+3'],
      }),
      makeSignUp({
        name: 'Plain',
        email: undefined,
        phone: '+44 7700 900123',
        preferredContact: 'phone',
      }),
    ]);
    const [, first, second] = cells(csv);
    expect(first![0]).toBe('\'=HYPERLINK("http://evil.example","Click")');
    expect(first![10]).toBe("'@SUM(1+1)");
    expect(first![7]).toBe("'+cmd; -2+3");
    expect(second![2]).toBe("'+44 7700 900123");
    expect(csv).not.toMatch(/(^|,|\r\n)"?=HYPERLINK/);
  });
});

describe('a CSV streamed in pages', () => {
  it('is byte for byte the file written at once, however the rows are paged', async () => {
    const fields = ['Name', 'Said'];
    const rows = Array.from({ length: 7 }, (_, i) => [
      `Person ${i}`,
      i === 3 ? '=1+1' : 'a, "b"\nc',
    ]);
    const whole = safeCsv(fields, rows);
    for (const size of [1, 2, 7, 10]) {
      const pages: string[][][] = [];
      for (let i = 0; i < rows.length; i += size) pages.push(rows.slice(i, i + size));
      pages.splice(1, 0, []);
      const streamed = await streamText(safeCsvStream(fields, pages));
      expect(streamed).toBe(whole);
    }
    expect(await streamText(safeCsvStream(fields, []))).toBe(safeCsv(fields, []));
  });
});
