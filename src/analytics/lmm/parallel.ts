import { Worker } from 'node:worker_threads';
import { type PanelHelper, syrkUpdate } from './dense.ts';

/**
 * A worker thread that takes half of each trailing update of the large fronts, so that a big
 * fit uses both cores. The front lives in shared memory; jobs and completions are handed over
 * through Atomics on a small shared control block, not messages: a hand-off costs microseconds,
 * and a front of 1,600 columns needs about 35 of them.
 *
 * The worker runs the very same `syrkUpdate` (its compiled source is sent over), so both threads
 * compute identical results. Anything that goes wrong — no worker, a worker that fails to start or
 * throws — leaves the main thread doing all the work; results never depend on the helper.
 */

// Control block: [job seq, done seq, failed, ready, m, p0, p1, c0, c1].
const JOB = 0;
const DONE = 1;
const FAILED = 2;
const READY = 3;

const workerSource = (syrk: string) => `
const { workerData } = require('node:worker_threads');
const syrkUpdate = ${syrk};
const ctl = new Int32Array(workerData.control);
let F = new Float64Array(workerData.front);
Atomics.store(ctl, ${READY}, 1);
Atomics.notify(ctl, ${READY});
let seen = 0;
for (;;) {
  Atomics.wait(ctl, ${JOB}, seen);
  const seq = Atomics.load(ctl, ${JOB});
  if (seq < 0) break;
  seen = seq;
  try {
    syrkUpdate(F, ctl[4], ctl[5], ctl[6], ctl[7], ctl[8]);
  } catch (e) {
    Atomics.store(ctl, ${FAILED}, 1);
  }
  Atomics.store(ctl, ${DONE}, seq);
  Atomics.notify(ctl, ${DONE});
}
`;

export class FrontHelper implements PanelHelper {
  private readonly ctl: Int32Array;
  private readonly worker: Worker;
  private seq = 0;
  broken = false;

  private constructor(ctl: Int32Array, worker: Worker) {
    this.ctl = ctl;
    this.worker = worker;
  }

  /** A helper for fronts stored in `front` (shared memory), or null when none can be started. */
  static start(front: Float64Array): FrontHelper | null {
    if (!(front.buffer instanceof SharedArrayBuffer)) return null;
    const control = new SharedArrayBuffer(16 * 4);
    const ctl = new Int32Array(control);
    let worker: Worker;
    try {
      worker = new Worker(workerSource(syrkUpdate.toString()), {
        eval: true,
        workerData: { control, front: front.buffer },
      });
    } catch {
      return null;
    }
    worker.unref();
    worker.on('error', () => {});
    // Wait (briefly) for the worker to be ready; a worker that cannot start is not used.
    const deadline = Date.now() + 5000;
    while (Atomics.load(ctl, READY) !== 1 && Date.now() < deadline) Atomics.wait(ctl, READY, 0, 50);
    if (Atomics.load(ctl, READY) !== 1) {
      void worker.terminate();
      return null;
    }
    return new FrontHelper(ctl, worker);
  }

  post(m: number, p0: number, p1: number, c0: number, c1: number): boolean {
    if (this.broken) return false;
    const ctl = this.ctl;
    ctl[4] = m;
    ctl[5] = p0;
    ctl[6] = p1;
    ctl[7] = c0;
    ctl[8] = c1;
    this.seq++;
    Atomics.store(ctl, JOB, this.seq);
    Atomics.notify(ctl, JOB);
    return true;
  }

  wait(): boolean {
    const ctl = this.ctl;
    const deadline = Date.now() + 60_000;
    while (Atomics.load(ctl, DONE) !== this.seq) {
      Atomics.wait(ctl, DONE, Atomics.load(ctl, DONE), 1000);
      if (Date.now() > deadline) {
        this.broken = true;
        return false;
      }
    }
    if (Atomics.load(ctl, FAILED) !== 0) {
      this.broken = true;
      return false;
    }
    return true;
  }

  dispose(): void {
    Atomics.store(this.ctl, JOB, -1);
    Atomics.notify(this.ctl, JOB);
    void this.worker.terminate();
  }
}
