/**
 * The cases a search_token row `t` stands for: its own case and, for a 一件事 parent, its children,
 * whose tokens are the parent's (migration 0009). SQLite runs the OR as two index lookups
 * (the case id, then case_record_parent) inside the loop over the token's key, so the tokens'
 * order still comes straight off their key.
 */
export const tokenCases = 'case_record c ON (c.id = t.case_id OR c.parent_case_id = t.case_id)';
