import type { PictogramId } from '../../../../shared/survey/pictograms';
import { builderStrings, type BuilderStringKey } from './builder.i18n';

/** A pictogram's name in words, for the picker (a picture added later shows its id in words). */
export function pictogramName(id: PictogramId): string {
  const key = `pic.${id}`;
  const name = builderStrings.t(key as BuilderStringKey);
  return name === key ? id.replaceAll('-', ' ') : name;
}
