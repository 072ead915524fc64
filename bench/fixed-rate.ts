import { Agent } from 'node:http';
import { percentile, round } from './emit';
import { type Timed, timedRequest } from './timed-request';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * GETs `url` at a steady `rate` per second for `durationS` seconds: one request every 1/rate s, whether or not the
 * earlier ones have been answered (an open loop, over a pool of keep-alive connections). autocannon's `overallRate`
 * is not used because it sends each second's requests back to back at the start of the second, which measures a
 * burst, not a rate. Latency runs from the request's send to the end of its answer; `sendLagP99` says how late the
 * sends went out, so a loaded process cannot hide its queueing there.
 */
export const getAtFixedRate = async (
  url: string,
  headers: Record<string, string>,
  rate: number,
  durationS: number,
): Promise<{ p50: number; p99: number; rps: number; sendLagP99: number; errors: number }> => {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const lags: number[] = [];
  const started = performance.now();
  const answers: Promise<Timed>[] = [];
  for (let i = 0; i < rate * durationS; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    lags.push(Math.max(0, performance.now() - due));
    answers.push(timedRequest(agent, url, { headers }));
  }
  const answered = await Promise.all(answers);
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();
  const latencies = answered.filter((a) => a.status === 200).map((a) => a.ms);
  return {
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    rps: round(latencies.length / elapsedS),
    sendLagP99: round(percentile(lags, 99)),
    errors: answered.length - latencies.length,
  };
};
