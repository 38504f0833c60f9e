import { tick } from 'svelte';
import { AdminApiError } from './admin-client';
import { adminStrings } from './admin.i18n';

/** A problem with one input: `field` is the input's id (for the summary link and aria). */
export interface FieldError {
  field: string;
  message: string;
}

/** Where a problem the schema or server names by path (`themes.2.name`) is shown. */
export interface FieldTarget {
  /** The input's id. */
  field: string;
  /** The field's label, to make the message a sentence. */
  label: string;
}

/** An issue as zod and the server both describe one. */
export interface PathIssue {
  path: readonly PropertyKey[] | string;
  message: string;
}

const { t } = adminStrings;

/** Any failure as a sentence an involvement lead understands, with what to do next. */
export function describeError(error: unknown): string {
  if (!(error instanceof AdminApiError)) return t('errOther', { message: String(error) });
  if (error.status === 0) return t('errOffline');
  if (error.status === 401) return t('errSignedOut');
  if (error.status === 403) return t('errForbidden');
  if (error.status === 404) return t('errNotFound');
  if (error.status === 429) return t('errTooMany');
  if (error.status >= 500) return t('errServer', { status: error.status });
  if (error.fields.length > 0) return t('errInvalid');
  return t('errOther', { message: error.message });
}

/**
 * The problems of one form: beside each field, and in a summary that links to them.
 * Problems with no field of their own (a conflict, the connection) go in `general`.
 */
export class FormErrors {
  fields = $state<FieldError[]>([]);
  general = $state<string[]>([]);

  get any(): boolean {
    return this.fields.length > 0 || this.general.length > 0;
  }

  /** The message beside `field`, if any. */
  for(field: string): string | undefined {
    return this.fields.find((e) => e.field === field)?.message;
  }

  invalid(field: string): 'true' | undefined {
    return this.for(field) === undefined ? undefined : 'true';
  }

  /** `aria-describedby` for `field`: its hint (if given) and its error (if any). */
  describedBy(field: string, hintId?: string): string | undefined {
    const ids = [hintId, this.for(field) === undefined ? undefined : `${field}-error`].filter(
      (id): id is string => id !== undefined,
    );
    return ids.length > 0 ? ids.join(' ') : undefined;
  }

  /** Replaces the problems; the first message per field wins. */
  set(fields: readonly FieldError[], general: readonly string[] = []): void {
    this.fields = fields.filter((e, i) => fields.findIndex((f) => f.field === e.field) === i);
    this.general = [...general];
  }

  clear(): void {
    this.set([]);
  }

  /**
   * Problems the schema or the server named by path, beside the fields `target` maps them to;
   * the rest go to the summary. Returns the field problems, for merging with the form's own.
   */
  static fromIssues(
    issues: readonly PathIssue[],
    target: (path: string) => FieldTarget | undefined,
  ): { fields: FieldError[]; general: string[] } {
    const fields: FieldError[] = [];
    const general: string[] = [];
    for (const issue of issues) {
      const path =
        typeof issue.path === 'string'
          ? issue.path
          : issue.path.map((key) => (typeof key === 'symbol' ? '' : String(key))).join('.');
      const to = target(path);
      const message = t('fieldProblem', {
        label: to?.label ?? path,
        message: issue.message.trim(),
      });
      if (to) fields.push({ field: to.field, message });
      else general.push(message);
    }
    return { fields, general };
  }

  /** A failed request: its field problems beside the fields, else one sentence in the summary. */
  fromApi(error: unknown, target: (path: string) => FieldTarget | undefined): void {
    if (error instanceof AdminApiError && error.fields.length > 0) {
      const { fields, general } = FormErrors.fromIssues(
        error.fields.map((f) => ({ path: f.field, message: f.message })),
        target,
      );
      this.set(fields, general.length > 0 ? [describeError(error), ...general] : []);
      return;
    }
    this.set([], [describeError(error)]);
  }
}

/**
 * Checking a form again as it changes, once a submit has found problems, so a message goes
 * as soon as its field is fixed and the summary lists only what is still wrong; a change that
 * makes a field wrong (or another, as a second theme of the same name does) says so at once.
 * Only a field that has appeared since the submit (a row just added) is not called wrong
 * before anything is typed in it. The form's values go in as a map from each input's id to
 * what it holds, as text.
 */
export class FieldRecheck {
  /** Whether the form is being checked as it changes: the form's effect reads this. */
  active = $state(false);
  /** What each input held at the submit, and the new inputs typed in since (plain: not state). */
  #submitted: Readonly<Partial<Record<string, string>>> = {};
  #changed: Partial<Record<string, true>> = {};

  /** A submit found problems: check again from now on, against the values as submitted. */
  start(values: ReadonlyMap<string, string>): void {
    this.#submitted = Object.fromEntries(values);
    this.#changed = {};
    this.active = true;
  }

  /** Saved, or the server has the last word: problems stay as they are until the next submit. */
  stop(): void {
    this.active = false;
  }

  /**
   * Of the problems found now, those to show: all but those of new inputs left as they came.
   * `fieldOf` names a problem's input (undefined for one with no field of its own).
   */
  toShow<P>(
    found: readonly P[],
    fieldOf: (problem: P) => string | undefined,
    values: ReadonlyMap<string, string>,
  ): P[] {
    // Typed in once is typed in: emptied again, a new row is checked all the same.
    for (const [field, value] of values)
      if (!(field in this.#submitted) && value !== '') this.#changed[field] = true;
    return found.filter((problem) => {
      const field = fieldOf(problem);
      return field === undefined || field in this.#submitted || this.#changed[field] === true;
    });
  }
}

/**
 * Focus an element once the DOM has caught up (the error summary, a new row's input). Not
 * inside an inert part of the page: the sign-in asked for after a lost session keeps it.
 */
export async function focusSoon(id: string): Promise<void> {
  await tick();
  const element = document.getElementById(id);
  if (element && !isInert(element)) element.focus();
}

/** Whether the element is in an inert part of the page (read as a property, as Svelte sets it). */
export function isInert(element: HTMLElement): boolean {
  for (let node: HTMLElement | null = element; node; node = node.parentElement)
    if (node.inert) return true;
  return false;
}
