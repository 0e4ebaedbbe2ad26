// Loaded into the kmip-server under soak (node --expose-gc --import): when the soak driver asks
// over the IPC channel, it runs a full garbage collection and reports the heap left, so that a
// leak shows as a heap that keeps growing rather than as garbage waiting for collection.
if (typeof process.send === 'function' && typeof globalThis.gc === 'function') {
  const gc = globalThis.gc;
  process.on('message', (m) => {
    if (m !== 'soak-sample') return;
    gc();
    const u = process.memoryUsage();
    process.send?.({ kind: 'soak-sample', heapUsed: u.heapUsed, external: u.external, rss: u.rss });
  });
  // The channel must not keep a stopping server alive, and a driver that dies takes the server
  // with it (stopped as usual, by SIGTERM).
  process.channel?.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
