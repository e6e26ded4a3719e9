import { describe, expect, it } from 'vitest'
import { parseNodeTree, viewColumnSources } from './node-tree.ts'

// Trimmed from pg_rewrite.ev_action of `create view v as select o.id, c.name as who, 1 as one
// from orders o join customers c on c.id = o.customer_id`.
const EV_ACTION =
  '({QUERY :commandType 1 :rtable ({RANGETBLENTRY :relid 16388 :eref {ALIAS :aliasname o :colnames ("id" "customer_id")}}) ' +
  ':targetList ({TARGETENTRY :expr {VAR :varno 1 :varattno 1 :location 7} :resno 1 :resname id :ressortgroupref 0 :resorigtbl 16388 :resorigcol 1 :resjunk false} ' +
  '{TARGETENTRY :expr {VAR :varno 2 :varattno 2} :resno 2 :resname who :ressortgroupref 0 :resorigtbl 16400 :resorigcol 2 :resjunk false} ' +
  '{TARGETENTRY :expr {CONST :consttype 23 :constlen 4 :constbyval true :constisnull false :location 45 :constvalue 4 [ 1 0 0 0 0 0 0 0 ]} :resno 3 :resname one :ressortgroupref 0 :resorigtbl 0 :resorigcol 0 :resjunk false}) ' +
  ':override 0 :onConflict <>})'

describe('stored query trees', () => {
  it('parses nodes, lists, nulls, escaped atoms and skips datums', () => {
    expect(parseNodeTree('{ALIAS :aliasname a\\ b :colnames <>}')).toEqual({
      _type: 'ALIAS',
      aliasname: 'a b',
      colnames: null,
    })
  })

  it('traces a view’s columns to table columns, leaving computed ones out', () => {
    expect(viewColumnSources(EV_ACTION)).toEqual([
      { resno: 1, table: 16388, column: 1 },
      { resno: 2, table: 16400, column: 2 },
    ])
  })
})
