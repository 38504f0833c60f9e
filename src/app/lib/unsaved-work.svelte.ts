/**
 * Which forms hold typed-but-unsaved input right now. The update banner reads it so a
 * new version is never applied under someone's fingers.
 */
class UnsavedWork {
  #owners = $state<Record<string, boolean>>({});

  set(owner: string, dirty: boolean): void {
    if (this.#owners[owner] === dirty) return;
    // Replace rather than add a key: readers of `any` then always see the change.
    this.#owners = { ...this.#owners, [owner]: dirty };
  }

  get any(): boolean {
    return Object.values(this.#owners).some(Boolean);
  }
}

export const unsavedWork = new UnsavedWork();
