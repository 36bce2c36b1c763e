import { followCnameChain } from './query.js';
import type { DnsRecord, DnsResponse } from './types.js';

const norm = (n: string) => n.toLowerCase().replace(/\.?$/, '.');

/**
 * The records `--short` prints, as dig +short does, but only about the name asked (pure):
 * 1 - the CNAME records of the chain from `name` (the question's name by default), in chain order;
 * 2 - then the records of the asked type (every type for ANY) owned by the chain's last name;
 * 3 - anything else a server put in the answer section (records of other names, or of other types) is left out.
 */
export function selectShortAnswers(response: DnsResponse, name: string = response.question.name): DnsRecord[] {
  const { chain, finalName } = followCnameChain({ ...response, question: { ...response.question, name } });
  const isStep = (c: { from: string; to: string }) => (a: DnsRecord) =>
    a.type === 'CNAME' && norm(a.name) === c.from && norm(a.data) === c.to;
  const steps = chain.map((c) => response.answers.find(isStep(c))!);
  const wanted = (a: DnsRecord) => response.question.type === 'ANY' || a.type === response.question.type;
  return [...steps, ...response.answers.filter((a) => norm(a.name) === finalName && a.type !== 'CNAME' && wanted(a))];
}
