// A throw-away stack in its own process, so the benchmarks can measure the server's CPU and
// memory apart from the load generators. Prints one line `STACK_READY <json env>` when ready
// and stops (removing its data folder) on SIGTERM, SIGINT or when stdin closes.
import { startTestStack } from '../tests/support/stack-env.ts'

const stack = await startTestStack()
process.stdout.write(`STACK_READY ${JSON.stringify(stack.env)}\n`)

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  await stack.stop()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
process.stdin.on('end', () => void stop())
process.stdin.resume()
