// The glpk.js worker: solves one LP/MILP per message, off the caller's event loop. Plain
// JavaScript on purpose (a worker does not inherit tsx's loader); it knows nothing of plans.
//
// in:  { id, lp, options }          (lp and options as in glpk.js; msglev is forced off)
// out: { ready: true, constants }   once, after GLPK has loaded
//      { id, result } | { id, error }
import { parentPort } from 'node:worker_threads';
import GLPK from 'glpk.js/node';

const glpk = await GLPK();
const constants = {
  GLP_MAX: glpk.GLP_MAX,
  GLP_MIN: glpk.GLP_MIN,
  GLP_UP: glpk.GLP_UP,
  GLP_LO: glpk.GLP_LO,
  GLP_DB: glpk.GLP_DB,
  GLP_FX: glpk.GLP_FX,
  GLP_OPT: glpk.GLP_OPT,
  GLP_FEAS: glpk.GLP_FEAS,
  GLP_NOFEAS: glpk.GLP_NOFEAS,
  GLP_INFEAS: glpk.GLP_INFEAS,
  GLP_UNDEF: glpk.GLP_UNDEF,
  GLP_UNBND: glpk.GLP_UNBND,
};

parentPort.on('message', ({ id, lp, options }) => {
  try {
    const result = glpk.solve(lp, { ...options, msglev: glpk.GLP_MSG_OFF });
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});

parentPort.postMessage({ ready: true, constants });
