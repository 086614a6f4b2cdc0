import fc from 'fast-check';
import { splitContent } from '../../src/discord/content-split';
import { codePointLength, toWellFormed } from '../../src/discord/text';

const solid = (s: string) => s.replace(/\s+/g, '');

describe('splitContent', () => {
  test('returns short text as one trimmed chunk and blank text as none', () => {
    expect(splitContent('  hello  ')).toEqual(['hello']);
    expect(splitContent(' \n ')).toEqual([]);
  });

  test('keeps text of exactly the limit in one chunk', () => {
    expect(splitContent('x'.repeat(2000))).toEqual(['x'.repeat(2000)]);
    expect(splitContent('x'.repeat(2001))).toHaveLength(2);
  });

  test('splits at line boundaries first', () => {
    expect(splitContent('aaaa bbbb\ncccc dddd\neeee', 12)).toEqual(['aaaa bbbb', 'cccc dddd', 'eeee']);
  });

  test('splits at word boundaries when a line is too long', () => {
    expect(splitContent('one two three four five', 10)).toEqual(['one two', 'three four', 'five']);
  });

  test('cuts hard between code points when there is no boundary, never inside a surrogate pair', () => {
    const chunks = splitContent('😀'.repeat(25), 10);
    expect(chunks).toEqual(['😀'.repeat(10), '😀'.repeat(10), '😀'.repeat(5)]);
    for (const chunk of chunks) expect(toWellFormed(chunk)).toBe(chunk);
  });

  test('closes a code block at the chunk end and reopens it with its language in the next chunk', () => {
    const code = Array.from({ length: 6 }, (_, i) => `const v${i} = ${i};`).join('\n');
    const chunks = splitContent(`Intro\n\`\`\`ts\n${code}\n\`\`\`\nOutro`, 60);
    expect(chunks).toEqual([
      'Intro\n```ts\nconst v0 = 0;\nconst v1 = 1;\nconst v2 = 2;\n```',
      '```ts\nconst v3 = 3;\nconst v4 = 4;\nconst v5 = 5;\n```\nOutro',
    ]);
    for (const chunk of chunks) expect(codePointLength(chunk)).toBeLessThanOrEqual(60);
  });

  test('counts the added fence markers within the limit', () => {
    const chunks = splitContent(`\`\`\`\n${'line\n'.repeat(200)}\`\`\``, 100);
    for (const chunk of chunks) {
      expect(Array.from(chunk).length).toBeLessThanOrEqual(100);
      expect(chunk.startsWith('```')).toBe(true);
      expect(chunk.endsWith('```')).toBe(true);
    }
  });

  test('keeps indentation of code that continues in the next chunk', () => {
    const chunks = splitContent('```py\ndef f():\n    return 1\n    # done\n```', 36);
    expect(chunks).toEqual(['```py\ndef f():\n    return 1\n```', '```py\n    # done\n```']);
  });

  test('moves a block that would open empty at the end of a chunk to the next chunk', () => {
    const words = `${'word '.repeat(9)}word`;
    const block = `\`\`\`js\n${'x'.repeat(40)}\n\`\`\``;
    expect(splitContent(`${words}\n${block}`, 60)).toEqual([words, block]);
  });

  test('rejects a non-positive limit', () => {
    expect(() => splitContent('x', 0)).toThrow(RangeError);
  });

  test('property: chunks fit, are non-blank and lose no non-whitespace character', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 3000 }),
      fc
        .array(fc.oneof(fc.constantFrom('\n', ' ', '```\n', '\n```\n', 'word', '😀', '\t'), fc.string()), {
          maxLength: 400,
        })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 300 }), (input, max) => {
        const chunks = splitContent(input, max);
        for (const chunk of chunks) {
          expect(Array.from(chunk).length).toBeLessThanOrEqual(max);
          expect(codePointLength(chunk)).toBeGreaterThan(0);
        }
        // No language tags are generated, so stripping every fence marker compares like with like.
        const strip = (s: string) => solid(s).replace(/`{3,}/g, '');
        expect(strip(chunks.join(''))).toBe(strip(input));
      }),
      { numRuns: 300, seed: 20240501, verbose: 1 },
    );
  });
});
