/**
 * A new service worker is waiting. The banner offers `apply` only when no form holds
 * unsaved input; `activate` is wired by the service-worker registration.
 */
export class AppUpdate {
  ready = $state(false);
  /** Applying: the new version has been asked to take over and the page will reload. */
  applying = $state(false);
  activate: () => void = () => {};
  apply(): void {
    this.activate();
  }
}
