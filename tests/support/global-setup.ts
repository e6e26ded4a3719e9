// Vitest global setup for the integration project: reuse `npm test`'s stack or start one.
import type { TestProject } from 'vitest/node'
import { startTestStack, stackEnvFromProcess, type StackEnv } from './stack-env.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackEnv
  }
}

export default async function setup(project: TestProject) {
  const existing = stackEnvFromProcess()
  if (existing) {
    project.provide('stack', existing)
    return
  }
  const started = await startTestStack()
  project.provide('stack', started.env)
  return () => started.stop()
}
