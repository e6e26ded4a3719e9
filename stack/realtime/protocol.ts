// Phoenix frames as realtime-js speaks them: vsn 1.0.0 JSON objects, vsn 2.0.0 JSON arrays,
// and 2.0.0's binary "user broadcast push" from clients.
export interface Frame {
  joinRef: string | null
  ref: string | null
  topic: string
  event: string
  payload: Record<string, unknown>
}

export type Vsn = '1.0.0' | '2.0.0'

/** A payload already encoded as JSON text: fanned-out messages are encoded once, not per socket. */
export class RawJson {
  constructor(readonly json: string) {}
}

export interface OutFrame extends Omit<Frame, 'payload'> {
  payload: Record<string, unknown> | RawJson
}

export function encode(vsn: Vsn, f: OutFrame): string {
  const payload = f.payload instanceof RawJson ? f.payload.json : JSON.stringify(f.payload)
  const [joinRef, ref, topic, event] = [f.joinRef, f.ref, f.topic, f.event].map((v) => JSON.stringify(v))
  if (vsn === '1.0.0')
    return `{"join_ref":${joinRef},"ref":${ref},"topic":${topic},"event":${event},"payload":${payload}}`
  return `[${joinRef},${ref},${topic},${event},${payload}]`
}

const USER_BROADCAST_PUSH = 3

function decodeBinary(buf: Buffer): Frame | undefined {
  if (buf.length < 7 || buf[0] !== USER_BROADCAST_PUSH) return undefined
  const [joinRefLen, refLen, topicLen, eventLen, metaLen, encoding] = [
    buf[1]!,
    buf[2]!,
    buf[3]!,
    buf[4]!,
    buf[5]!,
    buf[6]!,
  ]
  let at = 7
  const take = (n: number) => buf.subarray(at, (at += n)).toString('utf8')
  const joinRef = take(joinRefLen)
  const ref = take(refLen)
  const topic = take(topicLen)
  const event = take(eventLen)
  const meta = metaLen ? (JSON.parse(take(metaLen)) as Record<string, unknown>) : {}
  const rest = buf.subarray(at)
  const payload = encoding === 1 ? JSON.parse(rest.toString('utf8') || '{}') : rest.toString('base64')
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    event: 'broadcast',
    payload: { ...meta, type: 'broadcast', event, payload },
  }
}

/** Parses a client frame; undefined for anything that is not a frame. */
export function decode(vsn: Vsn, data: Buffer, isBinary: boolean): Frame | undefined {
  try {
    if (isBinary) return decodeBinary(data)
    const raw = JSON.parse(data.toString('utf8')) as unknown
    if (vsn === '2.0.0' && Array.isArray(raw) && raw.length === 5) {
      const [joinRef, ref, topic, event, payload] = raw as [
        string | null,
        string | null,
        string,
        string,
        Record<string, unknown>,
      ]
      if (typeof topic !== 'string' || typeof event !== 'string') return undefined
      return { joinRef, ref, topic, event, payload: payload ?? {} }
    }
    if (vsn === '1.0.0' && raw && typeof raw === 'object' && !Array.isArray(raw)) {
      const o = raw as Record<string, unknown>
      if (typeof o.topic !== 'string' || typeof o.event !== 'string') return undefined
      return {
        joinRef: (o.join_ref as string) ?? null,
        ref: (o.ref as string) ?? null,
        topic: o.topic,
        event: o.event,
        payload: (o.payload as Record<string, unknown>) ?? {},
      }
    }
  } catch {
    return undefined
  }
  return undefined
}
