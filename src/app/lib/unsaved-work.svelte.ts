/**
 * Which forms hold typed-but-unsaved input right now. The update banner reads it so a
 * new version is never applied under someone's fingers.
 */
class UnsavedWork {
  #owners = $state<Record<string, boolean>>({});

  set(owner: string, dirty: boolean): void {
    this.#owners[owner] = dirty;
  }

  get any(): boolean {
    return Object.values(this.#owners).some(Boolean);
  }
}

export const unsavedWork = new UnsavedWork();
