// Preload (node --import) that writes the URL of every ES module the process loads, one a
// line, to the file named by MODULE_TRACE_FILE when the process exits.
import { register } from 'node:module';
import { writeFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';

const hooks = `
let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
`;
const { port1, port2 } = new MessageChannel();
const loaded = new Set();
port1.on('message', (url) => loaded.add(url));
port1.unref();
register(`data:text/javascript,${encodeURIComponent(hooks)}`, {
  data: { port: port2 },
  transferList: [port2],
});
process.on('exit', () => writeFileSync(process.env.MODULE_TRACE_FILE, [...loaded].join('\n')));
