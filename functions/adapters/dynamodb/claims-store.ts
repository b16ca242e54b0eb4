import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { archivedOf } from '../../domain/audit-archive.ts';
import { chainEvent } from '../../domain/audit-chain.ts';
import { beijingDate } from '../../domain/calendar.ts';
import { type AuditEvent, type Claim, canTransition } from '../../domain/claim.ts';
import type { ClaimDocument } from '../../domain/documents/document.ts';
import { linkTtl } from '../../domain/ids.ts';
import { confirmedChangeOf } from '../../domain/payments/payee-change.ts';
import type { AuditArchive } from '../../ports/audit-archive.ts';
import {
  type ApprovalLink,
  type ApprovalRequest,
  type ClaimChange,
  ClaimConflictError,
  type ClaimsStore,
  type CreateResult,
  type LinkedWrite,
  type NewClaim,
  type Payee,
} from '../../ports/claims-store.ts';
import type { StoredFlag } from '../../ports/fraud-store.ts';
import { budgetItems } from './budgets-store.ts';
import { claimListIndex } from './claim-list-index.ts';
import { firstConditionFailed, isConditionFailure } from './conditions.ts';
import { documentHashItem } from './document-hashes.ts';
import { storeDocumentItem } from './documents-store.ts';
import { feedbackItems } from './feedback-store.ts';
import { raiseFlagItem, resolveFlagItem, unitWeekCountItem } from './fraud-store.ts';
import { claimKeys, stripKeys } from './keys.ts';
import { payeeChangeItems, payoutItems } from './payments-store.ts';
import { queryAll, queryPages } from './query.ts';
import { closeTicketItem, requestTicketDocumentsItems } from './tickets-store.ts';
import type { TransactItem } from './transact.ts';
import { holdEvidenceItem, releaseEvidenceItem, usageItems } from './usage-ledger.ts';

/** Index attributes of an open approval level: the open levels' partition, oldest first. */
const openApprovalIndex = (request: ApprovalRequest) => ({
  gsi1pk: claimKeys.openApprovals(),
  gsi1sk: `${request.createdAt}#${request.claimId}#${String(request.level).padStart(2, '0')}`,
});

const IDEMPOTENCY_TTL_SECONDS = 90 * 86_400;

export class DynamoClaimsStore implements ClaimsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly claimsTable: string,
    private readonly registryTable: string,
    /** Where committed events are copied (the local archive; in AWS the table's stream does it). */
    private readonly archive?: Pick<AuditArchive, 'append'>,
  ) {}

  /** Copies committed events to the archive, right after their transaction. */
  private async archived(...events: AuditEvent[]): Promise<void> {
    await this.archive?.append(events.map(archivedOf));
  }

  async create(input: NewClaim): Promise<CreateResult> {
    const { claim } = input;
    // The first event starts the claim's hash chain; the claim item keeps its head.
    const event = chainEvent(input.event, null);
    const idemKey = claimKeys.idempotency(claim.submittedBy.id, input.idempotencyKey);
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.claimsTable,
                Item: {
                  ...idemKey,
                  type: 'idempotency',
                  claimId: claim.claimId,
                  bodyHash: input.bodyHash,
                  ttl: Math.floor(Date.parse(claim.submittedAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.claimsTable,
                Item: { ...this.claimItem(claim), lastEventHash: event.hash },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.claimsTable,
                Item: { ...claimKeys.payee(claim.claimId), ...input.payee },
              },
            },
            { Put: { TableName: this.claimsTable, Item: this.eventItem(event) } },
            ...unitWeekCountItem(this.claimsTable, claim),
          ],
        }),
      );
      await this.archived(event);
      return { created: true };
    } catch (error) {
      if (!firstConditionFailed(error)) throw error;
      const existing = await this.doc.send(
        new GetCommand({ TableName: this.claimsTable, Key: idemKey, ConsistentRead: true }),
      );
      const item = existing.Item;
      if (item === undefined) throw error;
      return { created: false, claimId: String(item.claimId), bodyHash: String(item.bodyHash) };
    }
  }

  async get(claimId: string): Promise<Claim | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.claimsTable, Key: claimKeys.meta(claimId), ConsistentRead: true }),
    );
    return out.Item === undefined ? null : stripKeys<Claim>(out.Item);
  }

  timeline(claimId: string): Promise<AuditEvent[]> {
    return queryAll<AuditEvent>(this.doc, {
      TableName: this.claimsTable,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': claimKeys.meta(claimId).pk, ':evt': 'EVT#' },
      ConsistentRead: true,
    });
  }

  /**
   * One Query from the first event to META: the events (`EVT#…`), the flags and hold that sort between
   * them (skipped) and the claim itself (`META`), instead of a Query and a GetItem.
   */
  async getWithTimeline(claimId: string): Promise<{ claim: Claim | null; timeline: AuditEvent[] }> {
    const meta = claimKeys.meta(claimId);
    const timeline: AuditEvent[] = [];
    let claim: Claim | null = null;
    for await (const page of queryPages(this.doc, {
      TableName: this.claimsTable,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :evt AND :meta',
      ExpressionAttributeValues: { ':pk': meta.pk, ':evt': 'EVT#', ':meta': meta.sk },
      ConsistentRead: true,
    })) {
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        if (sk.startsWith('EVT#')) timeline.push(stripKeys<AuditEvent>(item));
        else if (sk === meta.sk) claim = stripKeys<Claim>(item);
      }
    }
    return { claim, timeline };
  }

  /**
   * One Query from the first document to META: the documents (`DOC#…`, the documents store's items), the
   * events, and the claim; the wait, flags and hold that sort between them are skipped.
   */
  async getWithTimelineAndDocuments(
    claimId: string,
  ): Promise<{ claim: Claim | null; timeline: AuditEvent[]; documents: ClaimDocument[] }> {
    const meta = claimKeys.meta(claimId);
    const timeline: AuditEvent[] = [];
    const documents: ClaimDocument[] = [];
    let claim: Claim | null = null;
    for await (const page of queryPages(this.doc, {
      TableName: this.claimsTable,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :doc AND :meta',
      ExpressionAttributeValues: { ':pk': meta.pk, ':doc': 'DOC#', ':meta': meta.sk },
      ConsistentRead: true,
    })) {
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        if (sk.startsWith('EVT#')) timeline.push(stripKeys<AuditEvent>(item));
        else if (sk.startsWith('DOC#')) documents.push(stripKeys<ClaimDocument>(item));
        else if (sk === meta.sk) claim = stripKeys<Claim>(item);
      }
    }
    documents.sort((a, b) => a.uploadedAt.localeCompare(b.uploadedAt));
    return { claim, timeline, documents };
  }

  change(claim: Claim, change: ClaimChange, linked: readonly LinkedWrite[] = []): Promise<Claim> {
    return this.changeSteps(claim, [change], linked);
  }

  async changeSteps(
    claim: Claim,
    changes: readonly ClaimChange[],
    linked: readonly LinkedWrite[] = [],
  ): Promise<Claim> {
    if (changes.length === 0) throw new Error('changeSteps needs at least one change');
    let status = claim.status;
    for (const change of changes) {
      if (status !== change.to && !canTransition(status, change.to)) {
        throw new ClaimConflictError(
          'invalid-transition',
          `a claim cannot go from ${status} to ${change.to}`,
        );
      }
      status = change.to;
    }
    const last = changes[changes.length - 1] as ClaimChange;
    const version = claim.version + changes.length;
    const set = Object.assign({}, ...changes.map((c) => c.set ?? {})) as NonNullable<ClaimChange['set']>;
    const names: Record<string, string> = {
      '#status': 'status',
      '#version': 'version',
      '#updatedAt': 'updatedAt',
    };
    const values: Record<string, unknown> = {
      ':to': last.to,
      ':v': version,
      ':at': last.at,
      ':expected': claim.version,
    };
    const assignments = ['#status = :to', '#version = :v', '#updatedAt = :at'];
    for (const [field, value] of Object.entries(set)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      assignments.push(`#${field} = :${field}`);
    }
    // Each step's event is chained to the one before it, the first to the claim's head as read; the
    // version condition keeps the chain from forking. A claim from before chaining (no head) starts its
    // chain here.
    const events: AuditEvent[] = [];
    let from = claim.status;
    let head = claim.lastEventHash;
    for (const [index, change] of changes.entries()) {
      const event = chainEvent(
        {
          ...change.event,
          claimId: claim.claimId,
          seq: claim.version + index + 1,
          at: change.at,
          actor: change.actor,
          action: change.action,
          from,
          to: change.to,
          reason: change.reason,
        },
        head,
      );
      events.push(event);
      from = change.to;
      head = event.hash;
    }
    names['#lastEventHash'] = 'lastEventHash';
    values[':lastEventHash'] = head;
    assignments.push('#lastEventHash = :lastEventHash');
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.claimsTable,
          Key: claimKeys.meta(claim.claimId),
          UpdateExpression: `SET ${assignments.join(', ')}`,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      ...events.map(
        (event): TransactItem => ({
          Put: {
            TableName: this.claimsTable,
            Item: this.eventItem(event),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }),
      ),
    ];
    const meanings: ClaimConflictError['conflict'][] = items.map(() => 'stale-claim');
    for (const write of linked) {
      for (const [item, meaning] of this.linkedItems(claim.claimId, write)) {
        items.push(item);
        meanings.push(meaning);
      }
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      throw this.conflictOf(error, meanings);
    }
    await this.archived(...events);
    return { ...claim, ...set, status: last.to, version, updatedAt: last.at, lastEventHash: head };
  }

  /** One Query from the first approval level to META (events, flags and hold sort between them). */
  async getWithApprovals(
    claimId: string,
  ): Promise<{ claim: Claim | null; approvals: ApprovalRequest[]; flags: StoredFlag[] }> {
    const meta = claimKeys.meta(claimId);
    const approvals: ApprovalRequest[] = [];
    const flags: StoredFlag[] = [];
    let claim: Claim | null = null;
    for await (const page of queryPages(this.doc, {
      TableName: this.claimsTable,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': meta.pk, ':from': 'APPROVAL#', ':to': meta.sk },
      ConsistentRead: true,
    })) {
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        if (sk.startsWith('APPROVAL#')) approvals.push(stripKeys<ApprovalRequest>(item));
        else if (sk.startsWith('FLAG#')) flags.push(stripKeys<StoredFlag>(item));
        else if (sk === meta.sk) claim = stripKeys<Claim>(item);
      }
    }
    return { claim, approvals, flags };
  }

  async getApprovalRequest(claimId: string, level: number): Promise<ApprovalRequest | null> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.claimsTable,
        Key: claimKeys.approval(claimId, level),
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined ? null : stripKeys<ApprovalRequest>(out.Item);
  }

  async createApprovalRequest(request: ApprovalRequest, links: readonly ApprovalLink[]): Promise<boolean> {
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: this.approvalItems(request, links) }));
      return true;
    } catch (error) {
      if (firstConditionFailed(error)) return false;
      throw error;
    }
  }

  /** An approval level and its links, each written only if it does not exist. */
  private approvalItems(request: ApprovalRequest, links: readonly ApprovalLink[]): TransactItem[] {
    return [
      {
        Put: {
          TableName: this.claimsTable,
          Item: {
            ...claimKeys.approval(request.claimId, request.level),
            type: 'approval',
            // Listed among the open levels (byMember index) until it closes, for the operations gauge.
            ...(request.closed ? {} : openApprovalIndex(request)),
            ...request,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...links.map(
        (link): TransactItem => ({
          Put: {
            TableName: this.claimsTable,
            // Indexed by approver (byMember index), so an approver can list their links.
            Item: {
              ...claimKeys.link(link.linkHash),
              type: 'link',
              gsi1pk: `APPROVER#${link.approverId}`,
              gsi1sk: link.createdAt,
              ttl: linkTtl(link.expiresAt),
              ...link,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }),
      ),
    ];
  }

  async replaceTaskToken(
    claimId: string,
    level: number,
    taskToken: string,
    handOff?: ApprovalRequest['handOff'],
  ): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.claimsTable,
          Key: claimKeys.approval(claimId, level),
          // The token and how a decision resumes it, in the same write.
          UpdateExpression:
            handOff === undefined
              ? 'SET taskToken = :token REMOVE handOff'
              : 'SET taskToken = :token, handOff = :handOff',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':token': taskToken,
            ...(handOff === undefined ? {} : { ':handOff': handOff }),
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw new Error(`no approval request for claim ${claimId} level ${level}`);
      throw error;
    }
  }

  async markNotified(claimId: string, level: number, assignedTo?: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.claimsTable,
        Key: claimKeys.approval(claimId, level),
        UpdateExpression:
          assignedTo === undefined ? 'SET notified = :yes' : 'SET notified = :yes, assignedTo = :assigned',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':yes': true,
          ...(assignedTo === undefined ? {} : { ':assigned': assignedTo }),
        },
      }),
    );
  }

  async markReminderSent(claimId: string, level: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.claimsTable,
        Key: claimKeys.approval(claimId, level),
        UpdateExpression: 'SET reminder.sent = :sent',
        ConditionExpression: 'attribute_exists(reminder)',
        ExpressionAttributeValues: { ':sent': true },
      }),
    );
  }

  async getLink(linkHash: string): Promise<ApprovalLink | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.claimsTable, Key: claimKeys.link(linkHash), ConsistentRead: true }),
    );
    return out.Item === undefined ? null : stripKeys<ApprovalLink>(out.Item);
  }

  listLinksOfApprover(approverId: string): Promise<ApprovalLink[]> {
    return queryAll<ApprovalLink>(
      this.doc,
      {
        TableName: this.claimsTable,
        IndexName: 'byMember',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `APPROVER#${approverId}` },
        ScanIndexForward: false,
      },
      1000,
    );
  }

  listOpenApprovals(): Promise<ApprovalRequest[]> {
    return queryAll<ApprovalRequest>(this.doc, {
      TableName: this.claimsTable,
      IndexName: 'byMember',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': claimKeys.openApprovals() },
    });
  }

  async getPayee(claimId: string, round = 1): Promise<Payee | null> {
    for (const key of [claimKeys.payee(claimId, round), claimKeys.payeeInClaim(claimId, round)]) {
      const out = await this.doc.send(
        new GetCommand({ TableName: this.claimsTable, Key: key, ConsistentRead: true }),
      );
      if (out.Item !== undefined) return stripKeys<Payee>(out.Item);
    }
    return this.confirmedChangePayee(claimId, round);
  }

  /** One BatchGetItem of the claim and the first round's payee (under either key it was kept). */
  async getWithFirstPayee(claimId: string): Promise<{ claim: Claim | null; payee: Payee | null }> {
    const meta = claimKeys.meta(claimId);
    const payeeKeys = [claimKeys.payee(claimId, 1), claimKeys.payeeInClaim(claimId, 1)];
    const items: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] = [meta, ...payeeKeys];
    // Unprocessed keys (throttling) are asked for again.
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 5) throw new Error(`claim ${claimId} could not be read (unprocessed keys)`);
      const out = await this.doc.send(
        new BatchGetCommand({
          RequestItems: { [this.claimsTable]: { Keys: pending, ConsistentRead: true } },
        }),
      );
      items.push(...(out.Responses?.[this.claimsTable] ?? []));
      pending = out.UnprocessedKeys?.[this.claimsTable]?.Keys ?? [];
    }
    const at = (key: { pk: string; sk: string }) => items.find((i) => i.pk === key.pk && i.sk === key.sk);
    const claim = at(meta);
    const payee = payeeKeys.map(at).find((item) => item !== undefined);
    return {
      claim: claim === undefined ? null : stripKeys<Claim>(claim),
      payee: payee === undefined ? null : stripKeys<Payee>(payee),
    };
  }

  /** The details of the payee change confirmed for a round (a second person confirmed staff's proposal). */
  private async confirmedChangePayee(claimId: string, round: number): Promise<Payee | null> {
    const changes = await queryAll<{ changeId: string; round?: number; status: string }>(this.doc, {
      TableName: this.claimsTable,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :change)',
      ExpressionAttributeValues: { ':pk': claimKeys.meta(claimId).pk, ':change': 'PAYEECHANGE#' },
      ConsistentRead: true,
    });
    const confirmed = confirmedChangeOf(changes, round);
    if (confirmed === undefined) return null;
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.claimsTable,
        Key: claimKeys.payeeOfChange(claimId, confirmed.changeId),
        ConsistentRead: true,
      }),
    );
    if (out.Item === undefined) return null;
    const { name, bankName, accountNumber } = out.Item as Payee;
    return { name, bankName, accountNumber };
  }

  private claimItem(claim: Claim): Record<string, unknown> {
    return {
      ...claimKeys.meta(claim.claimId),
      type: 'claim',
      gsi1pk: claimKeys.byMember(claim.memberId),
      gsi1sk: claim.submittedAt,
      // The claims list's two indexes (adapters/dynamodb/claim-list-index.ts): keys fixed when the claim is stored.
      ...claimListIndex(claim),
      ...claim,
    };
  }

  private eventItem(event: AuditEvent): Record<string, unknown> {
    // Indexed by Beijing day and time (byMember index), so the fraud scan reads only what changed.
    const changed = {
      gsi1pk: claimKeys.changes(beijingDate(new Date(event.at))),
      gsi1sk: `${event.at}#${event.claimId}#${String(event.seq).padStart(6, '0')}`,
    };
    return { ...claimKeys.event(event.claimId, event.seq), type: 'event', ...changed, ...event };
  }

  /** The transaction items of a linked write, each with the conflict its condition stands for. */
  private linkedItems(claimId: string, write: LinkedWrite): [TransactItem, ClaimConflictError['conflict']][] {
    switch (write.kind) {
      case 'decideApproval':
        return [
          [
            {
              Update: {
                TableName: this.claimsTable,
                Key: claimKeys.approval(claimId, write.level),
                UpdateExpression: 'SET decision = :decision, closed = :closed REMOVE gsi1pk, gsi1sk',
                ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(decision) OR decision = :null)${
                  write.taskToken === undefined ? '' : ' AND taskToken = :token'
                }`,
                ExpressionAttributeValues: {
                  ':decision': write.decision,
                  ':closed': true,
                  ':null': null,
                  ...(write.taskToken === undefined ? {} : { ':token': write.taskToken }),
                },
              },
            },
            'already-decided',
          ],
        ];
      case 'createFeedback':
        return feedbackItems(this.claimsTable, write.request).map((item) => [item, 'already-paid']);
      case 'openApproval':
        return this.approvalItems(write.request, write.links).map((item) => [item, 'already-decided']);
      case 'closeApproval':
        return [
          [
            {
              Update: {
                TableName: this.claimsTable,
                Key: claimKeys.approval(claimId, write.level),
                UpdateExpression: 'SET closed = :closed REMOVE gsi1pk, gsi1sk',
                ExpressionAttributeValues: { ':closed': true },
              },
            },
            'stale-claim',
          ],
        ];
      case 'remindApproval':
        return [
          [
            {
              Update: {
                TableName: this.claimsTable,
                Key: claimKeys.approval(claimId, write.level),
                UpdateExpression: 'SET reminder = :reminder',
                ConditionExpression:
                  'attribute_exists(pk) AND attribute_not_exists(reminder) AND closed = :open',
                ExpressionAttributeValues: { ':reminder': { at: write.at, sent: false }, ':open': false },
              },
            },
            'stale-claim',
          ],
        ];
      case 'escalateApproval':
        return [
          [
            {
              Update: {
                TableName: this.claimsTable,
                Key: claimKeys.approval(claimId, write.level),
                // A level that never opened (no eligible approver) is written whole, so it reads as closed.
                UpdateExpression:
                  'SET closed = :closed, escalation = :escalation, claimId = if_not_exists(claimId, :claimId), ' +
                  '#level = if_not_exists(#level, :level), unitCode = if_not_exists(unitCode, :unit), ' +
                  'approverIds = if_not_exists(approverIds, :none), linkSeeds = if_not_exists(linkSeeds, :none), ' +
                  'taskToken = if_not_exists(taskToken, :empty), createdAt = if_not_exists(createdAt, :at), ' +
                  'expiresAt = if_not_exists(expiresAt, :at), decision = if_not_exists(decision, :null), ' +
                  'notified = if_not_exists(notified, :closed) REMOVE gsi1pk, gsi1sk',
                ConditionExpression:
                  '(attribute_not_exists(decision) OR decision = :null) AND attribute_not_exists(escalation)',
                ExpressionAttributeNames: { '#level': 'level' },
                ExpressionAttributeValues: {
                  ':closed': true,
                  ':escalation': write.escalation,
                  ':claimId': claimId,
                  ':level': write.level,
                  ':unit': write.unitCode,
                  ':none': [],
                  ':empty': '',
                  ':at': write.escalation.at,
                  ':null': null,
                },
              },
            },
            'already-decided',
          ],
        ];
      case 'reserveUsage':
        return usageItems(this.claimsTable, write.key, write.consumes, 1, write.limits).map((item) => [
          item,
          'cap-reached',
        ]);
      case 'releaseUsage':
        return usageItems(this.claimsTable, write.key, write.consumes, -1, null).map((item) => [
          item,
          'stale-claim',
        ]);
      case 'holdEvidence':
        return write.evidence.map((e) => [holdEvidenceItem(this.claimsTable, claimId, e), 'evidence-held']);
      case 'releaseEvidence':
        return write.evidence.map((e) => [releaseEvidenceItem(this.claimsTable, claimId, e), 'stale-claim']);
      case 'confirmPayout':
        return [[payoutItems.settle(this.claimsTable, claimId, write), 'already-decided']];
      case 'returnPayout':
        return [
          [payoutItems.settle(this.claimsTable, claimId, write), 'already-decided'],
          [budgetItems.returned(this.registryTable, write.budget, write.amountFen), 'stale-claim'],
        ];
      case 'putPayee':
        return [
          [
            {
              Put: {
                TableName: this.claimsTable,
                Item: { ...claimKeys.payee(claimId, write.round), ...write.payee },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            'already-decided',
          ],
        ];
      case 'proposePayeeChange':
        return payeeChangeItems
          .propose(this.claimsTable, claimId, write.change, write.payee)
          .map((item) => [item, 'already-decided']);
      case 'supersedePayeeChange':
        return [
          [payeeChangeItems.supersede(this.claimsTable, claimId, write.changeId, write.at), 'stale-claim'],
        ];
      case 'confirmPayeeChange':
        return [
          [
            payeeChangeItems.confirm(this.claimsTable, claimId, write.changeId, write.confirmedBy, write.at),
            'already-decided',
          ],
          ...(write.keepDetails === true
            ? [
                [
                  payeeChangeItems.keepDetails(this.claimsTable, claimId, write.changeId),
                  'already-decided',
                ] as [TransactItem, ClaimConflictError['conflict']],
              ]
            : []),
        ];
      case 'raiseFlag':
        return [[raiseFlagItem(this.claimsTable, claimId, write.flag), 'flag-exists']];
      case 'resolveFlag':
        return [[resolveFlagItem(this.claimsTable, claimId, write), 'flag-resolved']];
      case 'closeTicket':
        return [[closeTicketItem(this.claimsTable, claimId, write), 'already-decided']];
      case 'requestTicketDocuments':
        return requestTicketDocumentsItems(this.claimsTable, claimId, write).map((item) => [
          item,
          'already-decided',
        ]);
      case 'storeDocument':
        return [[storeDocumentItem(this.claimsTable, write.document), 'document-stored']];
      case 'fileDocumentHash':
        return [[documentHashItem(this.claimsTable, write.document, write.storedAt), 'stale-claim']];
      case 'commitBudget':
        return [
          [budgetItems.commit(this.registryTable, write.budget, write.amountFen, write.sign), 'stale-claim'],
        ];
      case 'recordPayout':
        return [
          [payoutItems.record(this.claimsTable, claimId, write.payout, write.budget), 'already-paid'],
          [budgetItems.pay(this.registryTable, write.budget, write.payout.amountFen), 'budget-exhausted'],
        ];
    }
  }

  private conflictOf(error: unknown, meanings: readonly ClaimConflictError['conflict'][]): unknown {
    if (!(error instanceof TransactionCanceledException)) return error;
    const reasons = error.CancellationReasons ?? [];
    const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
    if (failed < 0) return error;
    const conflict = meanings[failed] ?? 'stale-claim';
    if (conflict === 'budget-exhausted' && reasons[failed]?.Item === undefined) {
      return new ClaimConflictError('no-budget', 'no budget is allocated for this unit, program and year');
    }
    const messages: Record<ClaimConflictError['conflict'], string> = {
      'stale-claim': 'the claim changed since it was read',
      'invalid-transition': 'the claim cannot make that change',
      'already-decided': 'this approval level is already decided',
      'already-paid': 'this claim has already been paid',
      'budget-exhausted': 'the budget for this unit, program and year is exhausted',
      'no-budget': 'no budget is allocated for this unit, program and year',
      'cap-reached': "another claim used the member's annual limit meanwhile",
      'evidence-held': 'another claim holds one of this evidence numbers',
      'flag-exists': 'this flag was already raised on the claim',
      'flag-resolved': 'this flag is no longer open',
      'document-stored': 'this document is already stored',
    };
    return new ClaimConflictError(conflict, messages[conflict]);
  }
}
