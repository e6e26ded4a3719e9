// A closed-loop load generator: `concurrency` workers call `request` back to back for
// `seconds`; returns every latency (ms) and the achieved requests per second.
export async function closedLoop(
  request: () => Promise<void>,
  o: { concurrency: number; seconds: number },
): Promise<{ latencies: number[]; perSecond: number; errors: number }> {
  const latencies: number[] = []
  let errors = 0
  const started = performance.now()
  const deadline = started + o.seconds * 1000
  async function worker() {
    while (performance.now() < deadline) {
      const t = performance.now()
      try {
        await request()
        latencies.push(performance.now() - t)
      } catch {
        errors++
      }
    }
  }
  await Promise.all(Array.from({ length: o.concurrency }, worker))
  return { latencies, perSecond: latencies.length / ((performance.now() - started) / 1000), errors }
}
