/**
 * Runs `work` once the current frame has been painted: a requestAnimationFrame callback runs just
 * before the paint, a task queued from it just after. A page opened in a background tab draws no
 * frames, so a timer runs it there instead; whichever comes first runs it, once.
 */
export function afterPaint(work: () => void, hiddenAfterMs = 500): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    work();
  };
  const fallback = setTimeout(run, hiddenAfterMs);
  requestAnimationFrame(() => setTimeout(run, 0));
}
