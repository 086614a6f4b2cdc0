import type { OutboxItem } from '../../src/activities/types';
import { SEEN_LIMIT } from '../../src/vocabulary';
import { OutboxQueue } from '../../src/workflows/outbox-queue';
import { outboxItem } from '../helpers/outbox-items';

const replyTo = { workflowId: 'sender', runId: 'run' };
const item = outboxItem;
const add = (queue: OutboxQueue, one: OutboxItem) => queue.enqueue(one, JSON.stringify(one).length);

describe('OutboxQueue', () => {
  test('folds waiting single-message items in hand-off order, up to what one message holds', () => {
    const queue = new OutboxQueue();
    for (let n = 1; n <= 12; n++) add(queue, item(`i${n}`, { embeds: [{ title: `Lead ${n}` }] }));
    const batch = queue.next()!;
    expect(batch.kind).toBe('post');
    expect(batch.items.map((one) => one.id)).toEqual(Array.from({ length: 10 }, (_, i) => `i${i + 1}`));
    expect(batch.full).toBe(true);
    queue.sending([batch]);
    const settled = queue.sent(batch, '900');
    expect(settled.map((one) => one.receipt)).toEqual(
      Array.from({ length: 10 }, (_, i) => ({
        itemId: `i${i + 1}`,
        status: 'sent',
        channel: 'alerts',
        messageIds: ['900'],
      })),
    );
    expect(queue.length).toBe(2);
    expect(queue.next()).toMatchObject({ full: false });
  });

  test('a long item goes part by part; its last part may carry the next items', () => {
    const queue = new OutboxQueue();
    add(queue, item('long', { content: `${'a'.repeat(1_990)}\n${'b'.repeat(100)}` }));
    add(queue, item('short', { content: 'short' }));
    const first = queue.next()!;
    expect(first.items.map((one) => one.id)).toEqual(['long']);
    expect(queue.sent(first, '1')).toEqual([]);
    const second = queue.next()!;
    expect(second.items.map((one) => one.id)).toEqual(['long', 'short']);
    expect(second.message.content).toBe(`${'b'.repeat(100)}\nshort`);
    expect(queue.sent(second, '2').map((one) => one.receipt)).toEqual([
      { itemId: 'long', status: 'sent', channel: 'alerts', messageIds: ['1', '2'] },
      { itemId: 'short', status: 'sent', channel: 'alerts', messageIds: ['2'] },
    ]);
  });

  test('items of other threads, keyed items and solo items are never folded into a message', () => {
    const queue = new OutboxQueue();
    add(queue, item('a', { content: 'a' }));
    add(queue, item('t', { content: 't' }, { threadId: '1300000000000000009' }));
    expect(queue.next()!.items.map((one) => one.id)).toEqual(['a']);
    expect(queue.next()!.full).toBe(true);
  });

  test('a newer state of a waiting keyed item takes its place; every sender waiting gets the outcome', () => {
    const queue = new OutboxQueue();
    expect(add(queue, item('p1', { content: '0%' }, { key: 'k', replyTo }))).toBe('queued');
    add(queue, item('x', { content: 'other' }));
    expect(add(queue, item('p2', { content: '50%' }, { key: 'k', replyTo }))).toBe('coalesced');
    const batch = queue.next()!;
    expect(batch).toMatchObject({ kind: 'post', message: { content: '50%' }, full: true });
    const [settled] = queue.sent(batch, '77');
    expect(settled!.waiters).toEqual([
      { itemId: 'p1', replyTo },
      { itemId: 'p2', replyTo },
    ]);
    // The key is now an edit of message 77.
    add(queue, item('p3', { content: '100%' }, { key: 'k', final: true }));
    expect(queue.next()!.items[0]!.id).toBe('x');
    queue.sent(queue.next()!, '78');
    expect(queue.next()).toMatchObject({ kind: 'edit', editMessageId: '77', message: { content: '100%' } });
  });

  test('a keyed item in flight is not replaced: the newer state waits behind it', () => {
    const queue = new OutboxQueue();
    add(queue, item('p1', { content: '0%' }, { key: 'k' }));
    const inFlight = queue.next()!;
    queue.sending([inFlight]);
    expect(add(queue, item('p2', { content: '50%' }, { key: 'k' }))).toBe('queued');
    queue.sent(inFlight, '5');
    expect(queue.next()).toMatchObject({ kind: 'edit', editMessageId: '5', message: { content: '50%' } });
  });

  test('drops a hand-off it has seen; remembers the last SEEN_LIMIT ids across a snapshot', () => {
    const queue = new OutboxQueue();
    expect(add(queue, item('same', { content: 'x' }))).toBe('queued');
    expect(add(queue, item('same', { content: 'x' }))).toBe('duplicate');
    const restored = new OutboxQueue(queue.snapshot());
    expect(restored.isDuplicate('same')).toBe(true);
    for (let n = 0; n < SEEN_LIMIT; n++) restored.refuse(item(`r${n}`, { content: 'r' }), { type: 'T', message: 'm' });
    expect(restored.isDuplicate('same')).toBe(false);
    expect(restored.isDuplicate(`r${SEEN_LIMIT - 1}`)).toBe(true);
  });

  test('counts the characters waiting, for the backlog bound', () => {
    const queue = new OutboxQueue();
    const a = item('a', { content: 'a' });
    const b = item('b', { content: 'b' }, { key: 'k' });
    const c = item('c', { content: 'c, longer' }, { key: 'k' });
    add(queue, a);
    add(queue, b);
    add(queue, c);
    expect(queue.pendingBytes).toBe(JSON.stringify(a).length + JSON.stringify(c).length);
    queue.sent(queue.next()!, '1');
    expect(queue.pendingBytes).toBe(JSON.stringify(c).length);
  });

  test('a refused folded message is unfolded; then one batch fails, then everything waiting', () => {
    const queue = new OutboxQueue();
    add(queue, item('a', { content: 'a' }));
    add(queue, item('b', { content: 'b' }));
    add(queue, item('c', { content: 'c' }));
    const folded = queue.next()!;
    expect(folded.items).toHaveLength(3);
    queue.unfold(folded);
    expect(queue.next()!.items.map((one) => one.id)).toEqual(['a']);
    const error = { type: 'DiscordRejected', message: 'Invalid Form Body', status: 400, code: 50035 };
    expect(queue.failed(queue.next()!, error).map((one) => one.receipt)).toEqual([
      { itemId: 'a', status: 'failed', channel: 'alerts', error },
    ]);
    expect(queue.failAll(error).map((one) => one.receipt.itemId)).toEqual(['b', 'c']);
    expect(queue.length).toBe(0);
    expect(queue.pendingBytes).toBe(0);
  });

  test('the message a keyed item edits was deleted: it is posted anew', () => {
    const queue = new OutboxQueue();
    add(queue, item('k', { content: 'k' }, { key: 'key', messageId: '42' }));
    const edit = queue.next()!;
    expect(edit).toMatchObject({ kind: 'edit', editMessageId: '42' });
    queue.forgetMessage(edit);
    expect(queue.next()).toMatchObject({ kind: 'post', items: [{ id: 'k' }] });
  });
});
