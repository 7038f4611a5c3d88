/**
 * What the stores holding one person's work forget when that person leaves the window. Each
 * store registers its own reset when it is first used, instead of the session store importing
 * them all: the login screen then loads no area's store (the intake form's state is most of
 * them), and a store never used holds nothing to forget.
 */
const onSignOut = new Set<() => void>();
const onLogout = new Set<() => void>();

/** Forgotten whenever the window is signed out: logout, an expired session, a restore. */
export function forgetOnSignOut(reset: () => void): void {
  onSignOut.add(reset);
}

/**
 * Forgotten only when the person logs out (or switches user): an expired session keeps it, so
 * the same clerk logs in again and goes on (the intake form, see its store's resetUnlessOwnedBy).
 */
export function forgetOnLogout(reset: () => void): void {
  onLogout.add(reset);
}

export function forgetSignedOut(): void {
  for (const reset of onSignOut) reset();
}

export function forgetLoggedOut(): void {
  for (const reset of onLogout) reset();
}
