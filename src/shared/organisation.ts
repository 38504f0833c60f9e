/**
 * The organisation a server serves (a trust, a council's adult social care): its name is what
 * tablets show as who holds a person's details in the sign-up consent notice.
 */

/**
 * The name a new server gives its organisation until the involvement lead sets the real one.
 * It is the software's own name, so no consent notice names it as who holds anyone's details.
 */
export const PLACEHOLDER_ORGANISATION_NAME = 'Involve';

/** An organisation's name: long enough to be a name, short enough for a sentence. */
export const ORGANISATION_NAME_LIMITS = { min: 2, max: 100 } as const;

/** Whether a name is the placeholder a new server starts with (however it is written). */
export function isPlaceholderOrganisationName(name: string): boolean {
  return name.trim().toLocaleLowerCase('en-GB') === PLACEHOLDER_ORGANISATION_NAME.toLowerCase();
}
