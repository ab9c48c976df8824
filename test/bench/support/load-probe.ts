import { Agent, request } from 'node:http';

/**
 * The test server's own capacity: `requests` bare OpenAI-style requests at `concurrency` over
 * keep-alive connections, with node:http (far less client CPU than fetch, so the probe measures
 * the server, not itself). Close to the ideal means a slower run elsewhere is the client's doing.
 */
export async function probeServer(baseUrl: string, requests: number, concurrency: number): Promise<{ wallMs: number; failures: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(`${baseUrl}/chat/completions`);
  const send = (i: number) =>
    new Promise<boolean>((resolve) => {
      const body = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: `Probe ${i}` }], max_tokens: 16 });
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
        res.on('error', () => resolve(false));
      });
      req.on('error', () => resolve(false));
      req.end(body);
    });
  let next = 0;
  let failures = 0;
  const lane = async () => {
    for (let i = next++; i < requests; i = next++) if (!(await send(i))) failures++;
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
    return { wallMs: performance.now() - started, failures };
  } finally {
    agent.destroy();
  }
}

/** CPU this process spent (user + system) while `work` ran, next to its wall time. */
export async function withCpu<T>(work: () => Promise<T>): Promise<{ value: T; cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - started };
}
