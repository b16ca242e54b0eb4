import type { ClaimsStore } from '../ports/claims-store.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { RegistryStore } from '../ports/registry-store.ts';
import type { Workflow } from '../ports/workflow.ts';

/** Everything a use case may need; each takes only the part it uses. */
export interface Deps {
  readonly claims: ClaimsStore;
  readonly registry: RegistryStore;
  readonly workflow: Workflow;
  readonly notifier: Notifier;
  readonly now: () => Date;
  /** Base of approval links, without a trailing slash. */
  readonly linkBaseUrl: string;
  /** How long an approval level (and its links) stays open; matches the callback step's TimeoutSeconds. */
  readonly approvalTtlSeconds: number;
}

export const SYSTEM = (step: string) => ({ kind: 'system', id: step }) as const;
