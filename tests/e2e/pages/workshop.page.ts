import type { Locator, Page } from '@playwright/test';

/** What a facilitator does on the events, capture, board and playback screens. */
export class WorkshopPage {
  constructor(readonly page: Page) {}

  async createEvent(title: string, place: string): Promise<void> {
    await this.page.getByRole('link', { name: 'New event' }).click();
    await this.page.getByLabel('Event name').fill(title);
    await this.page.getByLabel('Place', { exact: true }).fill(place);
    await this.page.getByRole('button', { name: 'Save event' }).click();
    await this.noteBox.waitFor();
  }

  get noteBox(): Locator {
    return this.page.getByRole('textbox', { name: 'Note' });
  }

  get notesList(): Locator {
    return this.page.getByRole('region', { name: /Notes for this theme and question/ });
  }

  async choose(theme: string, questionNumber: 1 | 2 | 3): Promise<void> {
    await this.page.getByRole('radio', { name: theme, exact: true }).check();
    const names = { 1: 'Ideal involvement', 2: 'Worked or not', 3: 'How we get there' } as const;
    await this.page.getByRole('radio', { name: names[questionNumber] }).check();
  }

  /** Types a note and presses Enter; waits until it shows in the list (so it is committed). */
  async addNote(text: string, polarity?: 'worked' | 'not-worked'): Promise<void> {
    await this.noteBox.fill(text);
    if (polarity) await this.noteBox.press(polarity === 'worked' ? 'Alt+KeyW' : 'Alt+KeyN');
    await this.noteBox.press('Enter');
    await this.notesList.getByText(text, { exact: true }).waitFor();
  }

  async open(screen: 'Capture' | 'Board' | 'What we heard'): Promise<void> {
    await this.page.getByRole('link', { name: screen, exact: true }).click();
  }

  get deviceCounts(): Locator {
    return this.page.getByLabel('On this tablet');
  }
}
