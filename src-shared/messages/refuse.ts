import { CommandError, type ErrorCode, type FieldIssue, type Translatable } from '../contract/errors'
import type { Params } from './define'
import { english, type MessageId } from './index'

/**
 * A refusal by message id (docs/i18n.md): its English is the catalog's template formatted with
 * `params`, and the id and params travel beside it, so the text and the id cannot drift.
 */
export function refusal(code: ErrorCode, id: MessageId, params?: Params, issues?: FieldIssue[]): CommandError {
  return new CommandError(code, english(id, params), issues, refOf(id, params))
}

/**
 * A field problem by message id, for one a domain says itself (not in the `field` catalog, whose
 * messages `fieldIssue` of src-shared/contract/args finds by their English).
 */
export function refusalIssue(path: string, id: MessageId, params?: Params): FieldIssue {
  return { path, message: english(id, params), ...refOf(id, params) }
}

function refOf(id: MessageId, params?: Params): Translatable {
  return params ? { message_id: id, params } : { message_id: id }
}
