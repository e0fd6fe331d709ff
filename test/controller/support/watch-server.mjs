// A stand-in agent port for CrashWatch tests: serves GET /v1/watch as an open stream and, on
// GET /close-streams, ends every open stream while it keeps listening. Prints its port, then
// `stream-opened` for every watch stream it accepts.
import { createServer } from 'node:http';

const streams = new Set();
const server = createServer((req, res) => {
  if (req.url === '/v1/watch') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': watching\n\n');
    streams.add(res);
    process.stdout.write('stream-opened\n');
    req.on('close', () => streams.delete(res));
    return;
  }
  if (req.url === '/close-streams') {
    for (const stream of streams) stream.end();
    res.end('closed');
    return;
  }
  res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
