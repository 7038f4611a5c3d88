/**
 * intake.accept_p99_ms and intake.accept_single_p99_ms: intake/accept through the dispatcher on a
 * copy of the 1M-case fixture, as the intake screen calls it (duplicates first, then the accept).
 * What each step is for, and what is reported beside the figure: docs/intake-accept.md.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Rng } from './fixtures/rng.ts';
import { bundleTarget, duplicatesInput, intakeForm, sampleApplicants, singleTarget, type Checklist } from './intake-forms.ts';
import { separatePass } from './inputs.ts';
import { report } from './report.ts';
import { betweenMessages, call, context, mean, round, samples, spread } from './million-context.ts';

/** Bundle + single accept pairs before the timed phases of intake.accept (see benchIntake, step 0). */
const steadyStateAfter = Number(process.env.ONEWINDOW_BENCH_ACCEPT_WARMUP ?? 1000);
/** The first accepts after boot, reported as the cold start. */
const coldStartSamples = 50;

export async function benchIntake(): Promise<void> {
  const c = await context();
  const rng = new Rng(0x1a7a);
  const db = c.services.env.store.db;
  const checklist = async (target: unknown) => (await call(c, 'catalogue/checklist', { target })) as Checklist;
  const bundle = await checklist(bundleTarget);
  const single = await checklist(singleTarget);
  const { inputs: applicants } = separatePass(c.dataDir, sampleApplicants);

  let n = 0;
  const form = (kind: 'bundle' | 'single') => intakeForm(rng, ++n, kind === 'bundle' ? bundle : single, kind, applicants);
  /** The store's checkpoints that ran in the turn of the event loop before a timed accept. */
  const checkpointsBetweenCalls: number[] = [];
  /** Off for the CPU-only phase, which checkpoints after each call itself to count its WAL pages. */
  let checkpointBeforeAccept = true;
  /** As the intake screen does: ask for duplicates first (untimed), acknowledge them, then accept (timed). */
  const accept = async (kind: 'bundle' | 'single'): Promise<number> => {
    const f = form(kind);
    const dups = (await call(c, 'intake/duplicates', duplicatesInput(f))) as Array<{ id: string }>;
    const input = { ...f, acknowledgedDuplicates: dups.map((d) => d.id).slice(0, 50) };
    // As timeCalls does: the turn of the event loop between messages (where the store's
    // checkpoint timer runs) comes before the clock starts, not inside the timed call. And as at
    // a window, where accepts come minutes apart: the checkpoint the last commit scheduled (50 ms
    // after it) has run before the next accept, so it is run here, untimed, if its timer has not.
    const { checkpointer } = c.services.env.store;
    const runs = checkpointer.stats.runs;
    await betweenMessages();
    if (checkpointBeforeAccept && checkpointer.pending > 0) checkpointer.checkpoint('PASSIVE');
    if (checkpointer.stats.runs !== runs) checkpointsBetweenCalls.push(checkpointer.stats.lastMs);
    const t = performance.now();
    const result = await c.services.dispatcher.call('intake/accept', input, c.token);
    const ms = performance.now() - t;
    if (!result.ok) throw new Error(`intake/accept: ${result.error.code} ${result.error.message}`);
    return ms;
  };
  // The floor under any durable write here: one IMMEDIATE transaction with an fsync (synchronous=FULL).
  const bareCommit = (): number => {
    const t = performance.now();
    c.services.env.store.write({ actor: { userId: null, role: null }, deviceId: c.services.env.deviceId }, (tx) =>
      tx.run("INSERT INTO setting (key, value) VALUES ('bench.tick', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", String(n)),
    );
    return performance.now() - t;
  };

  const walFrames = () => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]?.log ?? 0;
  /**
   * One phase: warm-up, then bundle, single and a bare commit interleaved so machine noise hits
   * all three alike. `between` runs untimed after each call (an explicit checkpoint).
   */
  const phase = async (between: (() => number) | null, count: number) => {
    const out = { bundle: [] as number[], single: [] as number[], commit: [] as number[], bundleFrames: [] as number[], singleFrames: [] as number[] };
    for (let i = 0; i < 10; i++) {
      await accept('bundle');
      between?.();
      await accept('single');
      between?.();
    }
    for (let i = 0; i < count; i++) {
      out.bundle.push(await accept('bundle'));
      if (between) out.bundleFrames.push(between());
      out.single.push(await accept('single'));
      if (between) out.singleFrames.push(between());
      out.commit.push(bareCommit());
      between?.();
    }
    return out;
  };
  type Phase = Awaited<ReturnType<typeof phase>>;
  const joined = (a: Phase, b: Phase): Phase => ({
    bundle: [...a.bundle, ...b.bundle],
    single: [...a.single, ...b.single],
    commit: [...a.commit, ...b.commit],
    bundleFrames: [...a.bundleFrames, ...b.bundleFrames],
    singleFrames: [...a.singleFrames, ...b.singleFrames],
  });
  const checkpointer = c.services.env.store.checkpointer;
  const storeCheckpoints = checkpointer.afterCommit.bind(checkpointer);
  /**
   * 2. For comparison, SQLite's automatic checkpoint (every 1000 WAL pages), which runs inside
   *    whichever commit crosses the threshold: what this measured before the checkpointer. The
   *    store's own checkpointer is switched off meanwhile, else it would keep the WAL short.
   */
  const sqliteAutoCheckpoint = async (count: number) => {
    checkpointer.checkpoint('PASSIVE');
    checkpointer.afterCommit = () => {};
    db.pragma('wal_autocheckpoint = 1000');
    try {
      return await phase(null, count);
    } finally {
      db.pragma('wal_autocheckpoint = 0');
      checkpointer.afterCommit = storeCheckpoints;
    }
  };
  // 0. Warm-up to steady state. V8 compiles the accept path in tiers as it gets hot, on a
  //    background thread that on this 2-core machine competes with the call being timed (a
  //    TurboFan compile of one function measured up to 11 ms); traced with --trace-opt, the
  //    compiles only die down after 1,500–2,000 accepts. The first of them are reported as
  //    `cold_start` beside the figure: what a process that has just started pays.
  const cold = { bundle: [] as number[], single: [] as number[] };
  for (let i = 0; i < steadyStateAfter; i++) {
    const b = await accept('bundle');
    const s = await accept('single');
    if (i < coldStartSamples) {
      cold.bundle.push(b);
      cold.single.push(s);
    }
  }
  // 1. As shipped: synchronous=FULL, SQLite's automatic checkpoint off, the store's checkpointer
  //    takes a PASSIVE checkpoint from a timer between calls (src-main/store/checkpoint.ts).
  //    1 and 2 alternate in two halves (ABAB), so a change of machine load hits both alike.
  const half = Math.ceil(samples / 2);
  const shippedA = await phase(null, half);
  const autoA = await sqliteAutoCheckpoint(half);
  const shipped = joined(shippedA, await phase(null, half));
  const autoCheckpoint = joined(autoA, await sqliteAutoCheckpoint(half));
  // 3. CPU only: no fsync at all (synchronous=OFF), to separate the work from the disk. Also
  //    counts WAL pages per accept (an explicit checkpoint between calls, untimed).
  db.pragma('synchronous = OFF');
  checkpointBeforeAccept = false;
  const cpuOnly = await phase(walFrames, samples);
  checkpointBeforeAccept = true;
  db.pragma('synchronous = FULL');

  const floor = spread(shipped.commit);
  const phaseContext = (kind: 'bundle' | 'single') => ({
    durable_commit_floor: floor,
    sqlite_auto_checkpoint_in_commit: spread(autoCheckpoint[kind]),
    cpu_only_no_fsync: spread(cpuOnly[kind]),
    wal_pages_per_accept: mean(cpuOnly[kind === 'bundle' ? 'bundleFrames' : 'singleFrames']),
    cold_start: { accepts_after_boot: coldStartSamples, ...spread(cold[kind]) },
    timed_after_warmup_accepts: steadyStateAfter * 2,
    load_avg_1m: round(loadavg()[0] ?? 0),
  });
  const bundleSpread = spread(shipped.bundle);
  // Untimed above, but the service thread is busy meanwhile: a message arriving then waits.
  const betweenCalls = { runs: checkpointsBetweenCalls.length, ...spread(checkpointsBetweenCalls) };
  report('intake.accept_p99_ms', bundleSpread.p99, 'ms', {
    target: '<= 5',
    ...bundleSpread,
    samples: shipped.bundle.length,
    rows_in_db: c.rows,
    includes: 'intake/accept at the dispatcher, in process (no service thread, no HTTP, not the duplicate check): validation, numbering, the rows and the durable commit (synchronous=FULL)',
    via: 'intake/accept 新生儿出生一件事 (YJS-XSECS): 10 checklist materials, parent + 5 child cases, 6 numbers/events/outbox rows, 1 audit row',
    materials: bundle.materials.length,
    ...phaseContext('bundle'),
    checkpoint_between_calls: betweenCalls,
  });
  const singleSpread = spread(shipped.single);
  report('intake.accept_single_p99_ms', singleSpread.p99, 'ms', {
    target: '<= 5',
    ...singleSpread,
    samples: shipped.single.length,
    rows_in_db: c.rows,
    includes: 'intake/accept at the dispatcher, in process (no service thread, no HTTP, not the duplicate check): validation, numbering, the rows and the durable commit (synchronous=FULL)',
    via: 'intake/accept 企业设立登记 (GJZ-SCJG-0001): 8 materials, 1 case',
    materials: single.materials.length,
    ...phaseContext('single'),
  });
}
