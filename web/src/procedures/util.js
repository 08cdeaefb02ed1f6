// util.js - what the procedure pages share: the kinds and their steps (GET /procedure-kinds, once) and a step's body
import { api } from '../api.js'

let kinds = null

// Every kind with its steps (roles, votes, evidence, signed form, notice days), fetched once.
export async function loadKinds() {
  if (!kinds) kinds = (await api.get('/procedure-kinds')).items
  return kinds
}

// The JSON a step takes from the StepInput form: {step, votes?, evidence?, signed_form?, note?}.
export function stepBody(step, input) {
  const body = { step: step.code }
  if (step.votes) body.votes = { for: input.for || 0, against: input.against || 0, abstain: input.abstain || 0 }
  const files = (input.evidence || '').split('\n').map((s) => s.trim()).filter(Boolean)
  if (files.length) body.evidence = files
  if (input.signed_form) body.signed_form = input.signed_form
  if (input.note) body.note = input.note
  return body
}
