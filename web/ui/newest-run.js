// A panel's job in the model worker where only the newest run counts: a run
// started while an older one is still waiting in the worker's queue replaces
// it, so the older one's progress, reply or error must not reach the panel.
// The panel's store section holds { running, status, error }.
import { failureText } from './messages.js';
import { isWorkerReplaced } from './worker-client.js';

// merge: the section's store.merge. what: the action in words for a failure
// ('measure': "Could not measure: ..."); again: the line shown when the worker
// was restarted under the run. -> run(job), where job(isCurrent) does the
// work and checks isCurrent() before each merge.
export function newestRunOnly(merge, { what, again }) {
  let latest = 0;
  return async (job) => {
    const seq = ++latest;
    const isCurrent = () => seq === latest;
    try {
      await job(isCurrent);
    } catch (error) {
      if (isCurrent()) merge({ status: '', error: isWorkerReplaced(error) ? again : failureText(what, error) });
    } finally {
      if (isCurrent()) merge({ running: false });
    }
  };
}
