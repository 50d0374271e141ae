// The command palette's matching: words as substrings (word starts first), letters in order
// otherwise, keywords counting for less than what an item says.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fuzzyFilter, fuzzyScore } from '../../renderer/src/features/shortcuts/fuzzy-match';

const items = [
  { label: 'Clear history…', extra: 'forget remove closed connections' },
  { label: 'Close the selected connection…', extra: 'end fin disconnect' },
  { label: 'Captures…', extra: 'library past saved history' },
  { label: 'Port 127.0.0.1:62893', extra: '62893 tcp open' },
  { label: 'Switch between light and dark theme', extra: 'dark light appearance' },
];
const labels = (query: string) => fuzzyFilter(items, query, (i) => i).map((i) => i.label);

describe('fuzzy matching', () => {
  test('an empty query keeps everything, in order', () => {
    assert.deepEqual(
      labels(''),
      items.map((i) => i.label),
    );
    assert.deepEqual(
      labels('   '),
      items.map((i) => i.label),
    );
  });

  test('a word in the label beats the same word in keywords', () => {
    assert.deepEqual(labels('history'), ['Clear history…', 'Captures…']);
  });

  test('letters in order match across words', () => {
    assert.equal(labels('clhis')[0], 'Clear history…');
    assert.equal(fuzzyScore('xyz', 'Clear history'), null);
  });

  test('every word must match', () => {
    assert.equal(labels('close conn')[0], 'Close the selected connection…');
    assert.deepEqual(labels('close port'), []);
    assert.deepEqual(labels('close nothing-like-this'), []);
  });

  test('a port is found by its number', () => {
    assert.deepEqual(labels('62893'), ['Port 127.0.0.1:62893']);
  });

  test('a keyword finds what the label does not say', () => {
    assert.deepEqual(labels('dark'), ['Switch between light and dark theme']);
    assert.ok((fuzzyScore('dark', 'Theme', 'dark') ?? 0) > 0);
    // Scattered letters count only in what an item says: in keywords they match anything.
    assert.equal(fuzzyScore('cl', 'Reset layout', 'panes columns'), null);
  });

  test('case does not matter; a word start beats a middle', () => {
    assert.ok((fuzzyScore('CAP', 'Captures…') ?? 0) > (fuzzyScore('cap', 'Escape') ?? 0));
  });
});
