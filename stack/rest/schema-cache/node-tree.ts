// Reads Postgres's stored query trees (pg_rewrite.ev_action, the node text format) far
// enough to know where each column of a view comes from, as PostgREST does to find
// relationships and primary keys through views.
export type NodeValue = string | null | NodeValue[] | { [field: string]: NodeValue }

function tokenize(text: string): string[] {
  const tokens: string[] = []
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (ch === ' ' || ch === '\n') i++
    else if (ch === '[')
      i = text.indexOf(']', i) + 1 // a datum's bytes: not needed
    else if ('{}()'.includes(ch)) tokens.push(text[i++]!)
    else {
      let atom = ''
      while (i < text.length && !' \n{}()'.includes(text[i]!)) {
        if (text[i] === '\\') i++
        atom += text[i++] ?? ''
      }
      tokens.push(atom)
    }
  }
  return tokens
}

export function parseNodeTree(text: string): NodeValue {
  const tokens = tokenize(text)
  let at = 0
  const value = (): NodeValue => {
    const t = tokens[at++]
    if (t === '{') {
      const node: Record<string, NodeValue> = { _type: tokens[at++] ?? '' }
      while (tokens[at] !== '}' && at < tokens.length) {
        const key = tokens[at++]!
        node[key.startsWith(':') ? key.slice(1) : key] = tokens[at]?.startsWith(':') ? null : value()
      }
      at++
      return node
    }
    if (t === '(') {
      const list: NodeValue[] = []
      while (tokens[at] !== ')' && at < tokens.length) list.push(value())
      at++
      return list
    }
    return t === '<>' || t === undefined ? null : t
  }
  return value()
}

export interface ViewColumnSource {
  /** The view's column number. */
  resno: number
  /** Where its value comes from, when it is a plain column of a relation. */
  table: number
  column: number
}

/** The top-level target list of a view's query: which view column is which table column. */
export function viewColumnSources(evAction: string): ViewColumnSource[] {
  const tree = parseNodeTree(evAction)
  const query = Array.isArray(tree) ? tree[0] : tree
  const targets = query && typeof query === 'object' && !Array.isArray(query) ? query.targetList : null
  if (!Array.isArray(targets)) return []
  return targets.flatMap((t) => {
    if (!t || typeof t !== 'object' || Array.isArray(t)) return []
    const table = Number(t.resorigtbl)
    const column = Number(t.resorigcol)
    return table && column ? [{ resno: Number(t.resno), table, column }] : []
  })
}
