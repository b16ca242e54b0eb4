import { contractFetch } from './contract.ts';

/**
 * Every answer a test receives from a local stack's HTTP API (`startTestStack`, `npmStart` register
 * theirs) is checked against the OpenAPI document (test/support/contract.ts): an answer the contract
 * does not describe fails the test that received it.
 */
globalThis.fetch = contractFetch(globalThis.fetch);
